package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Creates the five NOLOGIN roles of {@link ManagedRoleNames} (cluster-wide) and their memberships: write in
 * read, admin in write, the connector in owner (with INHERIT, which {@code REASSIGN OWNED} needs). A role of one
 * of these names that already exists is adopted only if it cannot log in, is no superuser and the connector
 * holds ADMIN OPTION on it (it does on roles it created itself, PostgreSQL 16+); otherwise this fails with a
 * message naming the role, so an unrelated role (e.g. a connector user called {@code jitgate_admin}) is never
 * changed.
 */
final class BaselineRoles {

  private final ManagedRoleNames names;

  BaselineRoles(ManagedRoleNames names) {
    this.names = names;
  }

  void ensure(Connection connection) throws SQLException {
    for (String role : names.all()) {
      ensureRole(connection, role);
    }
    ensureMember(connection, names.read(), names.write());
    ensureMember(connection, names.write(), names.admin());
    if (!Jdbc.bool(connection, "SELECT pg_has_role(current_user, ?, 'USAGE')", names.owner())) {
      Jdbc.execute(connection, "GRANT " + Sql.identifier("owner", names.owner()) + " TO CURRENT_USER");
      if (!Jdbc.bool(connection, "SELECT pg_has_role(current_user, ?, 'USAGE')", names.owner())) {
        throw new ProvisioningException("the connector does not inherit the privileges of role " + names.owner()
            + " after being granted it; make the connector INHERIT (ALTER ROLE <connector> INHERIT)");
      }
    }
  }

  private void ensureRole(Connection connection, String role) throws SQLException {
    List<String> state = Jdbc.strings(connection,
        "SELECT rolcanlogin::text || ',' || rolsuper::text FROM pg_roles WHERE rolname = ?", role);
    if (state.isEmpty()) {
      Jdbc.execute(connection, "CREATE ROLE " + Sql.identifier("role", role) + " NOLOGIN");
      return;
    }
    if (Jdbc.bool(connection, "SELECT current_user = ?", role)) {
      throw new ProvisioningException("role " + role + " is the connector itself; it cannot also be one of jitgate's "
          + "NOLOGIN roles: use another connector user name or another prefix for jitgate's roles");
    }
    if (!state.get(0).equals("false,false")) {
      throw new ProvisioningException("role " + role + " already exists and can log in or is a superuser; jitgate "
          + "needs it as a NOLOGIN role of its own: rename or drop it, or use another prefix for jitgate's roles");
    }
    if (!Jdbc.bool(connection, "SELECT pg_has_role(current_user, ?, 'MEMBER WITH ADMIN OPTION')", role)) {
      throw new ProvisioningException("role " + role + " exists but the connector has no ADMIN OPTION on it: "
          + "GRANT " + role + " TO <connector> WITH ADMIN OPTION, or drop it and let jitgate create it");
    }
  }

  /** Makes {@code member} a member of {@code role} unless it already is. */
  static void ensureMember(Connection connection, String role, String member) throws SQLException {
    boolean present = Jdbc.bool(connection, """
        SELECT EXISTS (SELECT 1 FROM pg_auth_members m
                        WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = ?)
                          AND m.member = (SELECT oid FROM pg_roles WHERE rolname = ?))
        """, role, member);
    if (!present) {
      Jdbc.execute(connection, "GRANT " + Sql.identifier("role", role) + " TO " + Sql.identifier("member", member));
    }
  }
}
