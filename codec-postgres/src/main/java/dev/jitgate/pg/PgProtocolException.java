package dev.jitgate.pg;

import io.netty.handler.codec.CodecException;
import java.util.Objects;

/**
 * A peer broke the PostgreSQL protocol (bad length, unknown startup code, message out of order). Carries
 * the SQLSTATE the proxy reports to the client before closing the connection. The message is safe to
 * show to the client: it never contains payload bytes.
 */
public class PgProtocolException extends CodecException {

  private final SqlState sqlState;

  public PgProtocolException(SqlState sqlState, String message) {
    super(message);
    this.sqlState = Objects.requireNonNull(sqlState, "sqlState");
  }

  public PgProtocolException(String message) {
    this(SqlState.PROTOCOL_VIOLATION, message);
  }

  public SqlState sqlState() {
    return sqlState;
  }
}
