package dev.jitgate.access.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One approver's approval of a request.
 *
 * @param approver the approving user
 * @param at when
 * @param comment optional comment
 */
public record Approval(String approver, Instant at, String comment) {
  public Approval {
    Names.principal("approver", approver);
    Objects.requireNonNull(at, "at");
    comment = Names.text("comment", comment);
  }
}
