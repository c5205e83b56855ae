package dev.jitgate.pg;

import java.util.Objects;

/**
 * A five-character PostgreSQL SQLSTATE error code. An open set: any well-formed code is accepted; the
 * constants name the ones jitgate itself reports.
 */
public record SqlState(String code) {

  public static final SqlState SUCCESSFUL_COMPLETION = new SqlState("00000");
  public static final SqlState CONNECTION_EXCEPTION = new SqlState("08000");
  public static final SqlState CONNECTION_FAILURE = new SqlState("08006");
  public static final SqlState SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION = new SqlState("08001");
  public static final SqlState SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION = new SqlState("08004");
  public static final SqlState PROTOCOL_VIOLATION = new SqlState("08P01");
  public static final SqlState FEATURE_NOT_SUPPORTED = new SqlState("0A000");
  public static final SqlState INVALID_AUTHORIZATION_SPECIFICATION = new SqlState("28000");
  public static final SqlState INVALID_PASSWORD = new SqlState("28P01");
  public static final SqlState INVALID_CATALOG_NAME = new SqlState("3D000");
  public static final SqlState INSUFFICIENT_RESOURCES = new SqlState("53000");
  public static final SqlState TOO_MANY_CONNECTIONS = new SqlState("53300");
  public static final SqlState PROGRAM_LIMIT_EXCEEDED = new SqlState("54000");
  public static final SqlState QUERY_CANCELED = new SqlState("57014");
  public static final SqlState ADMIN_SHUTDOWN = new SqlState("57P01");
  public static final SqlState CANNOT_CONNECT_NOW = new SqlState("57P03");
  public static final SqlState IDLE_SESSION_TIMEOUT = new SqlState("57P05");
  public static final SqlState INTERNAL_ERROR = new SqlState("XX000");

  /** Checks the shape: exactly five characters from {@code [0-9A-Z]}. */
  public SqlState {
    Objects.requireNonNull(code, "code");
    if (code.length() != 5) {
      throw new IllegalArgumentException("SQLSTATE must have 5 characters");
    }
    for (int i = 0; i < 5; i++) {
      char c = code.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
        throw new IllegalArgumentException("SQLSTATE must be made of 0-9 and A-Z");
      }
    }
  }

  /** The two-character class, e.g. {@code 08} for connection exceptions. */
  public String errorClass() {
    return code.substring(0, 2);
  }

  @Override
  public String toString() {
    return code;
  }
}
