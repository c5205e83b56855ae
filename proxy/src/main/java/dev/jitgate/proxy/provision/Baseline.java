package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Keeps jitgate's NOLOGIN roles ({@link ManagedRoleNames}) present and correct; idempotent and safe to run
 * concurrently (an advisory lock on the marker name, conflicts retried). Run it at start-up in every database an
 * integration serves, and again periodically or after schema changes when {@link PrivilegeMode#EXPLICIT_GRANTS}
 * is in use.
 *
 * <p>Data privileges: when the connector is a superuser or holds ADMIN OPTION on both {@code pg_read_all_data}
 * and {@code pg_write_all_data} (directly or through a role it belongs to, as with RDS's {@code rds_superuser}),
 * read gets {@code pg_read_all_data} and write gets {@code pg_write_all_data}: every object, present and future,
 * in every database and schema. Otherwise {@link ExplicitGrants} grants per database on what the connector can
 * grant on; its Javadoc lists what that cannot cover. The admin level's DDL rights come from
 * {@link AdminGrants} in both modes.
 */
public final class Baseline {

  private static final String CAN_GRANT_PREDEFINED = """
      SELECT to_regrole('pg_read_all_data') IS NOT NULL AND to_regrole('pg_write_all_data') IS NOT NULL
         AND ((SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
              OR (pg_has_role(current_user, 'pg_read_all_data', 'MEMBER WITH ADMIN OPTION')
                  AND pg_has_role(current_user, 'pg_write_all_data', 'MEMBER WITH ADMIN OPTION')))
      """;

  private final ManagedRoleNames names;
  private final TransactionRetry retry;
  private final BaselineRoles roles;
  private final ObjectOwners owners;
  private final ExplicitGrants explicitGrants;
  private final AdminGrants adminGrants;

  public Baseline(ManagedRoleNames names, TransactionRetry retry) {
    this.names = names;
    this.retry = retry;
    this.roles = new BaselineRoles(names);
    this.owners = new ObjectOwners(names);
    this.explicitGrants = new ExplicitGrants(names, owners);
    this.adminGrants = new AdminGrants(names);
  }

  public ManagedRoleNames names() {
    return names;
  }

  /**
   * Creates or repairs the roles and the privileges in {@code connection}'s database, in one transaction.
   *
   * @throws ProvisioningException when a role of a reserved name is not usable (see {@link BaselineRoles})
   */
  public BaselineReport ensure(Connection connection) throws SQLException {
    return retry.inTransaction(connection, c -> {
      AdvisoryLocks.lock(c, names.marker());
      roles.ensure(c);
      String database = Jdbc.strings(c, "SELECT current_database()").get(0);
      if (Jdbc.bool(c, CAN_GRANT_PREDEFINED)) {
        BaselineRoles.ensureMember(c, "pg_read_all_data", names.read());
        BaselineRoles.ensureMember(c, "pg_write_all_data", names.write());
        List<String> actedFor = owners.actedFor(c);
        boolean databaseGrantable = adminGrants.apply(c, actedFor);
        return new BaselineReport(database, PrivilegeMode.PREDEFINED_ROLES, List.of(), List.of(), databaseGrantable);
      }
      List<String> actedFor = explicitGrants.apply(c);
      boolean databaseGrantable = adminGrants.apply(c, actedFor);
      return new BaselineReport(database, PrivilegeMode.EXPLICIT_GRANTS, actedFor, owners.uncovered(c),
          databaseGrantable);
    });
  }
}
