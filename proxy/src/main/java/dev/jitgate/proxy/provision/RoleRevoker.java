package dev.jitgate.proxy.provision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tears down one grant role:
 * <ol>
 *   <li>transaction 1, committed before anything else: {@code ALTER ROLE r NOLOGIN PASSWORD NULL VALID UNTIL
 *       '-infinity'} (after checking that {@code r} is jitgate's: {@link ManagedRoles});</li>
 *   <li>the connector takes the privileges of {@code r} ({@code GRANT r TO CURRENT_USER}), which PostgreSQL 16+
 *       requires for signalling its backends and for {@code REASSIGN/DROP OWNED};</li>
 *   <li>{@code pg_cancel_backend} and {@code pg_terminate_backend} on every backend of {@code r}, repeated until
 *       none is left or {@code terminateWait} passes;</li>
 *   <li>in every database where {@code pg_shdepend} records objects or privileges of {@code r} (a cluster-wide
 *       catalog, so no database is missed, including ones outside the integration's list):
 *       {@code REASSIGN OWNED BY r TO <owner>; DROP OWNED BY r};</li>
 *   <li>{@code DROP ROLE r}.</li>
 * </ol>
 * A failure after step 1 yields {@link RevocationOutcome.Disabled}; a failure of step 1 itself is thrown.
 */
public final class RoleRevoker {

  /** SQLSTATE 42704: the role vanished under us. */
  private static final String UNDEFINED_OBJECT = "42704";

  private static final String DEPENDENT_DATABASES = """
      SELECT DISTINCT coalesce(d.datname, current_database())
        FROM pg_shdepend s LEFT JOIN pg_database d ON d.oid = s.dbid
       WHERE s.refclassid = 'pg_authid'::regclass
         AND s.refobjid = (SELECT oid FROM pg_roles WHERE rolname = ?)
         AND s.deptype IN ('o', 'a', 'r', 'i')
       ORDER BY 1
      """;

  private final ConnectorDataSource dataSource;
  private final ManagedRoleNames names;
  private final TransactionRetry retry;
  private final Duration terminateWait;

  public RoleRevoker(ConnectorDataSource dataSource, ManagedRoleNames names, TransactionRetry retry,
      Duration terminateWait) {
    this.dataSource = dataSource;
    this.names = names;
    this.retry = retry;
    this.terminateWait = Objects.requireNonNull(terminateWait, "terminateWait");
  }

  /**
   * Revokes {@code role}.
   *
   * @throws ProvisioningException when {@code role} exists but is not jitgate's (it is left untouched)
   * @throws SQLException          when even disabling the role failed
   */
  public RevocationOutcome revoke(RoleName role) throws SQLException {
    try (Connection connection = dataSource.open()) {
      // Several proxies revoke every ending grant: one teardown at a time per role, start to end. A
      // provisioning of the same role (transaction-scoped lock on the same key) waits for it too.
      AdvisoryLocks.lockSession(connection, role.value());
      try {
        return revokeLocked(connection, role);
      } finally {
        if (!connection.isClosed()) {
          AdvisoryLocks.unlockSession(connection, role.value());
        }
      }
    }
  }

  private RevocationOutcome revokeLocked(Connection connection, RoleName role) throws SQLException {
    if (!disable(connection, role)) {
      return new RevocationOutcome.Dropped(role);
    }
    String step = "taking the privileges of the role";
    try {
      retry.inTransaction(connection, c -> {
        if (!Jdbc.bool(c, "SELECT pg_has_role(current_user, ?, 'USAGE')", role.value())) {
          Jdbc.execute(c, "GRANT " + role.quoted() + " TO CURRENT_USER");
        }
        return null;
      });
      step = "terminating its sessions";
      terminateBackends(connection, role);
      for (String database : Jdbc.strings(connection, DEPENDENT_DATABASES, role.value())) {
        step = "reassigning and dropping what it owns in database " + database;
        dropOwned(connection, database, role);
      }
      step = "dropping the role";
      retry.inTransaction(connection, c -> {
        Jdbc.execute(c, "DROP ROLE " + role.quoted());
        return null;
      });
      return new RevocationOutcome.Dropped(role);
    } catch (SQLException e) {
      if (UNDEFINED_OBJECT.equals(e.getSQLState()) && !ManagedRoles.exists(connection, role.value())) {
        return new RevocationOutcome.Dropped(role); // dropped meanwhile by someone else
      }
      return new RevocationOutcome.Disabled(role, "failed while " + step + ": " + e.getSQLState() + " "
          + e.getMessage());
    }
  }

  /** Step 1; false when the role does not exist. */
  private boolean disable(Connection connection, RoleName role) throws SQLException {
    return retry.inTransaction(connection, c -> {
      AdvisoryLocks.lock(c, role.value());
      if (!ManagedRoles.exists(c, role.value())) {
        return false;
      }
      if (!new ManagedRoles(names.marker()).isManaged(c, role)) {
        throw new ProvisioningException("refusing to revoke role " + role + ": it is not a member of "
            + names.marker() + ", so jitgate did not create it");
      }
      Jdbc.execute(c, "ALTER ROLE " + role.quoted() + " NOLOGIN PASSWORD NULL VALID UNTIL '-infinity'");
      return true;
    });
  }

  /** Step 3: cancel and terminate until no backend of the role is left. */
  private void terminateBackends(Connection connection, RoleName role) throws SQLException {
    long deadline = System.nanoTime() + terminateWait.toNanos();
    long waitMillis = Math.max(1, Math.min(terminateWait.toMillis(), 2_000));
    while (true) {
      List<Integer> pids = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT pid, pg_cancel_backend(pid), pg_terminate_backend(pid, ?) FROM pg_stat_activity WHERE usename = ?")) {
        statement.setLong(1, waitMillis);
        statement.setString(2, role.value());
        try (var rs = statement.executeQuery()) {
          while (rs.next()) {
            pids.add(rs.getInt(1));
          }
        }
      }
      if (pids.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new SQLException("backends " + pids + " of role " + role + " did not end within " + terminateWait,
            "57P01");
      }
    }
  }

  /** Step 4 in one database. */
  private void dropOwned(Connection adminConnection, String database, RoleName role) throws SQLException {
    boolean same = database.equals(Jdbc.strings(adminConnection, "SELECT current_database()").get(0));
    try (Connection other = same ? null : dataSource.open(database)) {
      Connection c = same ? adminConnection : other;
      retry.inTransaction(c, tx -> {
        Jdbc.execute(tx, "REASSIGN OWNED BY " + role.quoted() + " TO " + Sql.identifier("owner", names.owner()));
        Jdbc.execute(tx, "DROP OWNED BY " + role.quoted());
        return null;
      });
    }
  }
}
