package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The owners of the current database's user objects (the database itself, non-system schemas and their
 * tables, views, materialized views, foreign tables and sequences), split by whether the connector has their
 * privileges ({@code pg_has_role(current_user, owner, 'USAGE')}), which is what lets it grant on their objects
 * and alter their default privileges. Predefined {@code pg_*} roles, jitgate's own roles and grant roles are
 * never "acted for".
 */
final class ObjectOwners {

  static final String USER_SCHEMA = "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

  private static final String OWNERS = """
      SELECT r.rolname FROM pg_roles r
       WHERE r.oid IN (SELECT n.nspowner FROM pg_namespace n WHERE %1$s
                       UNION
                       SELECT c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE %1$s AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                       UNION
                       SELECT d.datdba FROM pg_database d WHERE d.datname = current_database())
         AND %2$s
       ORDER BY r.rolname
      """;

  private static final String ACTED_FOR = """
      pg_has_role(current_user, r.oid, 'USAGE')
      AND r.rolname NOT LIKE 'pg\\_%'
      AND r.rolname NOT IN (?, ?, ?, ?, ?)
      AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
                       WHERE m.member = r.oid AND m.roleid = (SELECT oid FROM pg_roles WHERE rolname = ?))
      """;

  private final ManagedRoleNames names;

  ObjectOwners(ManagedRoleNames names) {
    this.names = names;
  }

  /** Owners whose objects the connector can grant on, for which default privileges are set. */
  List<String> actedFor(Connection connection) throws SQLException {
    return Jdbc.strings(connection, OWNERS.formatted(USER_SCHEMA, ACTED_FOR), names.marker(), names.owner(),
        names.read(), names.write(), names.admin(), names.marker());
  }

  /** Owners of user objects the connector cannot grant on. */
  List<String> uncovered(Connection connection) throws SQLException {
    return Jdbc.strings(connection, OWNERS.formatted(USER_SCHEMA, "NOT pg_has_role(current_user, r.oid, 'USAGE')"));
  }
}
