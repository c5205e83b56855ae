package dev.jitgate.pg.scram;

import java.util.Objects;

/**
 * A SCRAM exchange failed. The message is safe to log: it never contains passwords, keys, proofs or
 * message bytes. {@link #reason()} says whether the peer broke the protocol or simply failed to prove
 * knowledge of the password.
 */
public class ScramException extends Exception {

  /** Why the exchange failed. */
  public enum Reason {
    /** Malformed message, wrong state, nonce or channel-binding mismatch, mechanism mismatch. */
    PROTOCOL_VIOLATION,
    /** Wrong password (or unknown user, which fails the same way), or a bad server signature. */
    INVALID_PROOF,
    /** The server answered with {@code e=<error>} in its final message. */
    SERVER_ERROR
  }

  private final Reason reason;

  public ScramException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  static ScramException protocol(String message) {
    return new ScramException(Reason.PROTOCOL_VIOLATION, message);
  }

  public Reason reason() {
    return reason;
  }
}
