package dev.jitgate.admin;

import dev.jitgate.access.model.Names;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.service.NewAccessRequest;
import java.time.Duration;

/** Request bodies that are not model records; each checks its required fields, naming them. */
final class Bodies {
  private Bodies() {}

  /**
   * {@code POST /v1/access-requests}.
   *
   * @param integration the integration name
   * @param database the database name
   * @param permission the permission
   * @param duration how long
   * @param reason the justification, may be absent
   */
  record NewRequest(String integration, String database, Permission permission, Duration duration,
      String reason) {
    NewRequest {
      Names.required("integration", integration);
      Names.required("database", database);
      Names.required("permission", permission);
      Names.required("duration", duration);
      reason = Names.text("reason", reason);
    }

    NewAccessRequest toModel() {
      return new NewAccessRequest(integration, database, permission, duration, reason);
    }
  }

  /**
   * The optional body of approve and deny.
   *
   * @param comment a comment for the decision, may be absent
   */
  record Comment(String comment) {
    static final Comment NONE = new Comment("");

    Comment {
      comment = Names.text("comment", comment);
    }
  }

  /**
   * The optional body of a grant revocation.
   *
   * @param reason why, may be absent
   */
  record Reason(String reason) {
    static final Reason NONE = new Reason("");

    Reason {
      reason = Names.text("reason", reason);
    }
  }

  /**
   * {@code POST /v1/grants/{id}/extend}.
   *
   * @param duration how much longer
   * @param reason the justification, may be absent
   */
  record Extend(Duration duration, String reason) {
    Extend {
      Names.required("duration", duration);
      reason = Names.text("reason", reason);
    }
  }

  /**
   * {@code POST /v1/tokens}.
   *
   * @param principal whom the token acts as; the caller when absent
   * @param name a label
   * @param ttl how long it works; {@link #DEFAULT_TTL} when absent
   */
  record NewToken(String principal, String name, Duration ttl) {
    /** The lifetime of a token created without {@code ttl}. */
    static final Duration DEFAULT_TTL = Duration.ofDays(30);

    NewToken {
      principal = principal == null || principal.isEmpty() ? null : principal;
      name = Names.text("name", name);
      ttl = ttl == null ? DEFAULT_TTL : ttl;
    }
  }
}
