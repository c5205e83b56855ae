package dev.jitgate.access.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Who or what moved a request into a final state, and why.
 *
 * @param by the deciding user, or {@code system} for automatic approval and expiry
 * @param at when
 * @param comment optional comment
 */
public record Decision(String by, Instant at, String comment) {
  /** The actor name used for decisions jitgate takes itself. */
  public static final String SYSTEM = "system";

  public Decision {
    Names.principal("by", by);
    Objects.requireNonNull(at, "at");
    comment = Names.text("comment", comment);
  }
}
