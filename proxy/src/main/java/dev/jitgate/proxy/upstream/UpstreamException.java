package dev.jitgate.proxy.upstream;

import dev.jitgate.pg.SqlState;
import java.util.Objects;

/**
 * Connecting or logging in to the upstream server failed. {@link #clientMessage()} is what the client is
 * told (no host names, no credentials, no raw server bytes); {@link #getMessage()} is for the proxy log.
 */
public final class UpstreamException extends Exception {

  private final SqlState sqlState;
  private final String clientMessage;
  private final boolean transientFailure;

  public UpstreamException(SqlState sqlState, String clientMessage, String logMessage, Throwable cause) {
    this(sqlState, clientMessage, logMessage, cause, false);
  }

  private UpstreamException(
      SqlState sqlState, String clientMessage, String logMessage, Throwable cause, boolean transientFailure) {
    super(logMessage, cause);
    this.sqlState = Objects.requireNonNull(sqlState, "sqlState");
    this.clientMessage = Objects.requireNonNull(clientMessage, "clientMessage");
    this.transientFailure = transientFailure;
  }

  /**
   * A network-level failure during the upstream login (connection refused or reset, socket errors, a close
   * without an error message): trying again on a new connection is safe, since the client has seen nothing
   * of this attempt.
   */
  public static UpstreamException transientFailure(SqlState sqlState, String clientMessage, String logMessage, Throwable cause) {
    return new UpstreamException(sqlState, clientMessage, logMessage, cause, true);
  }

  /** True for {@link #transientFailure} failures. */
  public boolean isTransient() {
    return transientFailure;
  }

  public UpstreamException(SqlState sqlState, String clientMessage, String logMessage) {
    this(sqlState, clientMessage, logMessage, null);
  }

  public SqlState sqlState() {
    return sqlState;
  }

  public String clientMessage() {
    return clientMessage;
  }
}
