package dev.jitgate.proxy.gate;

import dev.jitgate.pg.scram.ScramVerifier;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link AccessGate#begin}: which verifier the client must satisfy, plus what the gate needs
 * to remember for {@link AccessGate#admit}.
 *
 * @param user the startup packet's user
 * @param database the startup packet's database
 * @param verifier the SCRAM verifier, or empty for a mock exchange that always fails
 * @param credentialOf the id of what the verifier belongs to (a grant id for the grant gate, the user name
 *     for the static gate), empty with no verifier
 */
public record LoginCheck(String user, String database, Optional<ScramVerifier> verifier, String credentialOf) {
  public LoginCheck {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(verifier, "verifier");
    credentialOf = credentialOf == null ? "" : credentialOf;
  }

  /** A check that no password can pass. */
  public static LoginCheck unknown(String user, String database) {
    return new LoginCheck(user, database, Optional.empty(), "");
  }

  @Override
  public String toString() {
    return "LoginCheck[user=" + user + ", database=" + database + ", credentialOf=" + credentialOf + "]";
  }
}
