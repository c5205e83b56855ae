package dev.jitgate.proxy.grants;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.pg.SqlState;
import java.util.Objects;

/** Whether an authenticated login may proceed, from {@link GrantAdmission#admit}. */
public sealed interface AdmissionDecision {

  /**
   * The grant admits the session: provision its role and connect.
   *
   * @param grant the active grant, for the requested target
   * @param credential the credential the user authenticated with (the grant's)
   */
  record Admitted(Grant grant, GrantCredential credential) implements AdmissionDecision {
    public Admitted {
      Objects.requireNonNull(grant, "grant");
      Objects.requireNonNull(credential, "credential");
    }

    /** The target the session is for. */
    public LoginTarget target() {
      return LoginTarget.of(grant);
    }
  }

  /**
   * The session is refused: send FATAL {@code sqlState} with {@code message} (and {@code hint} as the
   * error's HINT field, which psql prints on its own line), then close.
   *
   * @param sqlState {@link SqlState#INVALID_AUTHORIZATION_SPECIFICATION 28000} for grant problems,
   *     {@link SqlState#INVALID_CATALOG_NAME 3D000} when the database parameter names no single target
   * @param message what is wrong; user-supplied text in it is quoted
   * @param hint how to fix it, usually a command to run; may be empty
   */
  record Rejected(SqlState sqlState, String message, String hint) implements AdmissionDecision {
    public Rejected {
      Objects.requireNonNull(sqlState, "sqlState");
      Objects.requireNonNull(message, "message");
      hint = hint == null ? "" : hint;
    }

    /** Message and hint in one line, {@code "<message>; <hint>"}, for clients that show no hints. */
    public String text() {
      return hint.isEmpty() ? message : message + "; " + hint;
    }
  }
}
