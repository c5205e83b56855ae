package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback when the connector cannot grant {@code pg_read_all_data}/{@code pg_write_all_data}: in the
 * current database, for every owner the connector has the privileges of ({@link ObjectOwners#actedFor}):
 * <ul>
 *   <li>read: USAGE on their schemas; SELECT on their tables, views, materialized views, foreign tables and
 *       sequences;</li>
 *   <li>write: INSERT, UPDATE, DELETE on their tables, views and foreign tables; USAGE and UPDATE on their
 *       sequences (so {@code serial}/identity inserts work);</li>
 *   <li>default privileges {@code FOR ROLE <owner>} with the same rights, so objects those owners create later,
 *       in any schema, are covered too.</li>
 * </ul>
 * It cannot cover: objects owned by roles the connector has no privileges of (reported as uncovered), objects
 * created later by any role other than those owners (default privileges only apply to objects created by the
 * roles named; a new application role needs {@link Baseline#ensure} to run again after it owns something),
 * schemas created by such roles, other databases until {@code ensure} runs in them, and privileges revoked by
 * an owner afterwards (the next {@code ensure} grants them again). Only missing privileges are granted.
 */
final class ExplicitGrants {

  private static final int BATCH = 100;

  private final ManagedRoleNames names;
  private final ObjectOwners owners;

  ExplicitGrants(ManagedRoleNames names, ObjectOwners owners) {
    this.names = names;
    this.owners = owners;
  }

  /** Applies the grants; returns the owners acted for. */
  List<String> apply(Connection connection) throws SQLException {
    String read = Sql.identifier("read", names.read());
    String write = Sql.identifier("write", names.write());
    grantMissing(connection, "USAGE ON SCHEMA", read, """
        SELECT format('%%I', n.nspname) FROM pg_namespace n
         WHERE %s AND pg_has_role(current_user, n.nspowner, 'USAGE') AND NOT has_schema_privilege(?, n.oid, 'USAGE')
        """.formatted(ObjectOwners.USER_SCHEMA), names.read());
    grantMissing(connection, "SELECT ON TABLE", read,
        relations("'r', 'p', 'v', 'm', 'f'", "NOT has_table_privilege(?, c.oid, 'SELECT')"), names.read());
    grantMissing(connection, "SELECT ON SEQUENCE", read,
        relations("'S'", sequence("NOT has_sequence_privilege(?, c.oid, 'SELECT')")), names.read());
    grantMissing(connection, "INSERT, UPDATE, DELETE ON TABLE", write, relations("'r', 'p', 'v', 'f'",
        "NOT (has_table_privilege(?, c.oid, 'INSERT') AND has_table_privilege(?, c.oid, 'UPDATE')"
            + " AND has_table_privilege(?, c.oid, 'DELETE'))"), names.write(), names.write(), names.write());
    grantMissing(connection, "USAGE, UPDATE ON SEQUENCE", write, relations("'S'",
        sequence("NOT (has_sequence_privilege(?, c.oid, 'USAGE') AND has_sequence_privilege(?, c.oid, 'UPDATE'))")),
        names.write(), names.write());
    List<String> actedFor = owners.actedFor(connection);
    for (String owner : actedFor) {
      String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + Sql.identifier("owner", owner) + " GRANT ";
      Jdbc.execute(connection, prefix + "USAGE ON SCHEMAS TO " + read);
      Jdbc.execute(connection, prefix + "SELECT ON TABLES TO " + read);
      Jdbc.execute(connection, prefix + "SELECT ON SEQUENCES TO " + read);
      Jdbc.execute(connection, prefix + "INSERT, UPDATE, DELETE ON TABLES TO " + write);
      Jdbc.execute(connection, prefix + "USAGE, UPDATE ON SEQUENCES TO " + write);
    }
    return actedFor;
  }

  /** Guards a sequence-only test: the planner may evaluate it before the relkind filter. */
  private static String sequence(String test) {
    return "CASE WHEN c.relkind = 'S' THEN " + test + " ELSE false END";
  }

  private static String relations(String relkinds, String missing) {
    return """
        SELECT format('%%I.%%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE %s AND c.relkind IN (%s) AND pg_has_role(current_user, c.relowner, 'USAGE') AND %s
         ORDER BY 1
        """.formatted(ObjectOwners.USER_SCHEMA, relkinds, missing);
  }

  /**
   * Grants {@code privileges} to {@code grantee} on the objects {@code query} lists, already quoted by the
   * server's {@code format('%I')}, in batches.
   */
  static void grantMissing(Connection connection, String privileges, String grantee, String query, String... parameters)
      throws SQLException {
    List<String> objects = Jdbc.strings(connection, query, parameters);
    for (int from = 0; from < objects.size(); from += BATCH) {
      List<String> batch = new ArrayList<>(objects.subList(from, Math.min(objects.size(), from + BATCH)));
      Jdbc.execute(connection, "GRANT " + privileges + " " + String.join(", ", batch) + " TO " + grantee);
    }
  }
}
