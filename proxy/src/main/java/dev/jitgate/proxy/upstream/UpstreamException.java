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

  public UpstreamException(SqlState sqlState, String clientMessage, String logMessage, Throwable cause) {
    super(logMessage, cause);
    this.sqlState = Objects.requireNonNull(sqlState, "sqlState");
    this.clientMessage = Objects.requireNonNull(clientMessage, "clientMessage");
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
