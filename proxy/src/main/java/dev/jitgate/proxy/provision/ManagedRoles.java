package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which roles jitgate may tear down: a direct, non-admin member of the marker role whose name has the shape of
 * a {@link RoleName}, that is neither a superuser nor able to create roles, and that is not the connector itself.
 * The extra conditions matter: on PostgreSQL 16+ the connector that created the marker is recorded as its member
 * (with ADMIN OPTION), and nothing a grant role needs makes it a superuser or CREATEROLE.
 */
final class ManagedRoles {

  private static final String MANAGED_MEMBERS = """
      SELECT r.rolname
        FROM pg_auth_members m
        JOIN pg_roles r ON r.oid = m.member
       WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = ?)
         AND r.rolname <> current_user
         AND NOT r.rolsuper
         AND NOT r.rolcreaterole
         AND (?::text IS NULL OR r.rolname = ?::text)
       GROUP BY r.rolname
      HAVING NOT bool_or(m.admin_option)
       ORDER BY r.rolname
      """;

  private final String marker;

  ManagedRoles(String marker) {
    this.marker = marker;
  }

  /** The roles jitgate manages, by the rule in the class comment. */
  List<RoleName> list(Connection connection) throws SQLException {
    return query(connection, null);
  }

  /** True when {@code role} is one jitgate manages. */
  boolean isManaged(Connection connection, RoleName role) throws SQLException {
    return !query(connection, role.value()).isEmpty();
  }

  private List<RoleName> query(Connection connection, String only) throws SQLException {
    List<RoleName> roles = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(MANAGED_MEMBERS)) {
      statement.setString(1, marker);
      statement.setString(2, only);
      statement.setString(3, only);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (RoleName.isGenerated(name)) {
            roles.add(new RoleName(name));
          }
        }
      }
    }
    return roles;
  }

  /** True when a role named {@code role} exists at all. */
  static boolean exists(Connection connection, String role) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      statement.setString(1, role);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }
}
