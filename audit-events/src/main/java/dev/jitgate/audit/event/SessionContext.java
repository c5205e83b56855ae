package dev.jitgate.audit.event;

/**
 * The envelope fields that stay the same for every event of one session (or admin stream).
 *
 * @param session the session id [{@code session}]
 * @param proxy the producer's name [{@code proxy}]
 * @param principal the engineer, or null [{@code principal}]
 * @param grant the grant id, or null [{@code grant}]
 * @param integration the integration, or null [{@code integration}]
 * @param database the upstream database, or null [{@code database}]
 * @param dbRole the upstream role, or null [{@code db_role}]
 */
public record SessionContext(
    String session,
    String proxy,
    String principal,
    String grant,
    String integration,
    String database,
    String dbRole) {

  public SessionContext {
    Checks.text("session", session);
    Checks.text("proxy", proxy);
    Checks.optionalText("principal", principal);
    Checks.optionalText("grant", grant);
    Checks.optionalText("integration", integration);
    Checks.optionalText("database", database);
    Checks.optionalText("db_role", dbRole);
  }

  /**
   * The context of the admin stream of producer {@code proxy}: session {@code admin:<proxy>}, no
   * grant, integration, database or role.
   */
  public static SessionContext admin(String proxy) {
    return new SessionContext("admin:" + proxy, proxy, null, null, null, null, null);
  }

  /** The same context with another principal (the actor of an admin event). */
  public SessionContext withPrincipal(String principal) {
    return new SessionContext(session, proxy, principal, grant, integration, database, dbRole);
  }
}
