package dev.jitgate.proxy.gate;

import dev.jitgate.pg.SqlState;
import dev.jitgate.proxy.config.UpstreamConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What {@link AccessGate#admit} decided for an authenticated client. */
public sealed interface Admission {

  /**
   * The client may connect.
   *
   * @param upstream the server, database and role to connect as
   * @param grant the access grant the session runs under; empty for statically configured users
   */
  record Admitted(UpstreamConfig upstream, Optional<SessionGrant> grant) implements Admission {
    public Admitted {
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(grant, "grant");
    }
  }

  /**
   * The client may not connect; it gets a FATAL error with this SQLSTATE, message and hint.
   *
   * @param sqlState e.g. 28000 for a missing grant, 3D000 for an unknown database
   * @param message what is wrong
   * @param hint how to fix it, may be empty
   */
  record Refused(SqlState sqlState, String message, String hint) implements Admission {
    public Refused {
      Objects.requireNonNull(sqlState, "sqlState");
      Objects.requireNonNull(message, "message");
      hint = hint == null ? "" : hint;
    }
  }

  /**
   * The grant a session runs under, so that its end or revocation can cut the session.
   *
   * @param grantId the grant id
   * @param integration the integration name
   * @param database the database name
   * @param endsAt when the grant ends
   */
  record SessionGrant(String grantId, String integration, String database, Instant endsAt) {
    public SessionGrant {
      Objects.requireNonNull(grantId, "grantId");
      Objects.requireNonNull(endsAt, "endsAt");
    }
  }
}
