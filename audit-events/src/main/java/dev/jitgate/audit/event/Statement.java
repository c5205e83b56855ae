package dev.jitgate.audit.event;

import java.util.List;

/**
 * {@code statement}: the proxy forwarded one statement (one per statement of a multi-statement simple
 * Query, one per Execute, one per FunctionCall).
 *
 * @param statementId 1-based number of the statement within the session [{@code statement_id}]
 * @param sql the SQL text as redacted by the producer; null only for a FunctionCall [{@code sql}]
 * @param protocol simple, extended or function_call [{@code protocol}]
 * @param statementName the prepared statement name ({@code ""} = unnamed), null for simple and
 *     FunctionCall [{@code statement_name}]
 * @param portalName the portal name ({@code ""} = unnamed), null for simple and FunctionCall
 *     [{@code portal_name}]
 * @param parameters the bind (or function) arguments, empty when none [{@code parameters}]
 * @param functionOid the function's OID for a FunctionCall, else null [{@code function_oid}]
 */
public record Statement(
    long statementId,
    String sql,
    Protocol protocol,
    String statementName,
    String portalName,
    List<Parameter> parameters,
    Long functionOid) implements EventBody {

  /** The JSON type. */
  public static final String TYPE = "statement";

  public Statement {
    Checks.positive("statement_id", statementId);
    Checks.present("protocol", protocol);
    parameters = List.copyOf(Checks.present("parameters", parameters));
    switch (protocol) {
      case SIMPLE -> {
        Checks.present("sql", sql);
        if (statementName != null || portalName != null) {
          throw new EventFieldException(
              statementName != null ? "statement_name" : "portal_name", "must be null for protocol simple");
        }
        if (!parameters.isEmpty()) {
          throw new EventFieldException("parameters", "must be empty for protocol simple");
        }
        noFunction(functionOid);
      }
      case EXTENDED -> {
        Checks.present("sql", sql);
        Checks.present("statement_name", statementName);
        Checks.present("portal_name", portalName);
        noFunction(functionOid);
      }
      case FUNCTION_CALL -> {
        if (sql != null) {
          throw new EventFieldException("sql", "must be null for protocol function_call");
        }
        if (statementName != null || portalName != null) {
          throw new EventFieldException(
              statementName != null ? "statement_name" : "portal_name",
              "must be null for protocol function_call");
        }
        Checks.present("function_oid", functionOid);
        if (functionOid < 0 || functionOid > 0xFFFF_FFFFL) {
          throw new EventFieldException("function_oid", "must be an OID 0..4294967295");
        }
      }
    }
  }

  /** A statement of a simple Query. */
  public static Statement simple(long statementId, String sql) {
    return new Statement(statementId, sql, Protocol.SIMPLE, null, null, List.of(), null);
  }

  /** An Execute of the extended protocol. */
  public static Statement extended(
      long statementId, String sql, String statementName, String portalName, List<Parameter> parameters) {
    return new Statement(statementId, sql, Protocol.EXTENDED, statementName, portalName, parameters, null);
  }

  /** A FunctionCall. */
  public static Statement functionCall(long statementId, long functionOid, List<Parameter> arguments) {
    return new Statement(statementId, null, Protocol.FUNCTION_CALL, null, null, arguments, functionOid);
  }

  private static void noFunction(Long functionOid) {
    if (functionOid != null) {
      throw new EventFieldException("function_oid", "must be null unless protocol is function_call");
    }
  }

  @Override
  public String type() {
    return TYPE;
  }
}
