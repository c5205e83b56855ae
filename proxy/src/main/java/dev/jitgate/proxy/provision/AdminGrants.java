package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the admin level has beyond write, in the current database: CREATE on the schemas of owners the
 * connector has the privileges of (and, through default privileges, on schemas they create later), and CREATE
 * and TEMPORARY on the database when the connector has the privileges of its owner. Applies in both
 * {@link PrivilegeMode}s, since no predefined role grants DDL.
 */
final class AdminGrants {

  private final ManagedRoleNames names;

  AdminGrants(ManagedRoleNames names) {
    this.names = names;
  }

  /** Applies the grants; returns whether the database-level grant was possible. */
  boolean apply(Connection connection, List<String> actedFor) throws SQLException {
    String admin = Sql.identifier("admin", names.admin());
    ExplicitGrants.grantMissing(connection, "CREATE ON SCHEMA", admin, """
        SELECT format('%%I', n.nspname) FROM pg_namespace n
         WHERE %s AND pg_has_role(current_user, n.nspowner, 'USAGE') AND NOT has_schema_privilege(?, n.oid, 'CREATE')
        """.formatted(ObjectOwners.USER_SCHEMA), names.admin());
    for (String owner : actedFor) {
      Jdbc.execute(connection, "ALTER DEFAULT PRIVILEGES FOR ROLE " + Sql.identifier("owner", owner)
          + " GRANT USAGE, CREATE ON SCHEMAS TO " + admin);
    }
    boolean grantable = Jdbc.bool(connection,
        "SELECT pg_has_role(current_user, datdba, 'USAGE') FROM pg_database WHERE datname = current_database()");
    if (grantable && !Jdbc.bool(connection, "SELECT has_database_privilege(?, current_database(), 'CREATE')"
        + " AND has_database_privilege(?, current_database(), 'TEMPORARY')", names.admin(), names.admin())) {
      String database = Jdbc.strings(connection, "SELECT format('%I', current_database())").get(0);
      Jdbc.execute(connection, "GRANT CREATE, TEMPORARY ON DATABASE " + database + " TO " + admin);
    }
    return grantable;
  }
}
