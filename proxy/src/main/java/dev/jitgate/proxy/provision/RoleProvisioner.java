package dev.jitgate.proxy.provision;

import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.config.Secret;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * Creates or updates the upstream role of one grant, idempotently, in one transaction serialised per role
 * (advisory lock, conflicts retried):
 * <ol>
 *   <li>{@code CREATE ROLE r NOLOGIN IN ROLE <marker>}, or check that the existing {@code r} is jitgate's;</li>
 *   <li>{@code ALTER ROLE r VALID UNTIL <end> CONNECTION LIMIT <n>};</li>
 *   <li>{@code ALTER ROLE r PASSWORD 'SCRAM-SHA-256$…'}: a verifier computed here, so the password itself never
 *       reaches the server or its log;</li>
 *   <li>membership in the permission role (and in no other jitgate level);</li>
 *   <li>{@code ALTER ROLE r LOGIN}, last.</li>
 * </ol>
 * The order makes every intermediate state harmless even if steps were committed one by one: the role is in
 * the marker from its first moment (so the {@link Reconciler} finds it) and can log in only once everything
 * else is in place.
 *
 * <p>Passwords: the caller chooses the password ({@link ProvisionedRoleCache} generates one per grant and keeps
 * it in memory), so any number of concurrent calls for one grant set equivalent verifiers and every connection
 * that logs in with that password succeeds, whichever call committed last.
 */
public final class RoleProvisioner {

  private final ConnectorDataSource dataSource;
  private final ManagedRoleNames names;
  private final TransactionRetry retry;
  private final SecureRandom random;
  private final Clock clock;

  public RoleProvisioner(ConnectorDataSource dataSource, ManagedRoleNames names, TransactionRetry retry,
      SecureRandom random, Clock clock) {
    this.dataSource = dataSource;
    this.names = names;
    this.retry = retry;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Makes the role of {@code spec} exist, able to log in with {@code password} until the grant ends.
   *
   * @throws IllegalArgumentException when the grant has already ended
   * @throws ProvisioningException    when the name is taken by a role that is not jitgate's, or a named
   *                                  permission role does not exist
   */
  public ProvisionedRole provision(GrantRoleSpec spec, Secret password) throws SQLException {
    if (!spec.validUntil().isAfter(clock.instant())) {
      throw new IllegalArgumentException("validUntil: the grant ended at " + spec.validUntil());
    }
    RoleName role = spec.roleName();
    String permissionRole = names.roleFor(spec.permission());
    String verifier = ScramVerifier.generate(password.value(), random).format();
    try (Connection connection = dataSource.open()) {
      retry.inTransaction(connection, c -> {
        AdvisoryLocks.lock(c, role.value());
        requirePermissionRole(c, permissionRole);
        createOrAdopt(c, role);
        setLimits(c, role, spec);
        setPassword(c, role, verifier);
        grantPermission(c, role, permissionRole);
        enableLogin(c, role);
        return null;
      });
    }
    return new ProvisionedRole(role, password);
  }

  private void requirePermissionRole(Connection c, String permissionRole) throws SQLException {
    if (!ManagedRoles.exists(c, permissionRole)) {
      throw new ProvisioningException("permission role " + permissionRole + " does not exist; create it (named "
          + "roles are used as they are) or run the baseline for jitgate's levels");
    }
  }

  /** Step 1: create the role in the marker, NOLOGIN; an existing role must already be jitgate's. */
  void createOrAdopt(Connection c, RoleName role) throws SQLException {
    if (!ManagedRoles.exists(c, role.value())) {
      Jdbc.execute(c, "CREATE ROLE " + role.quoted() + " NOLOGIN IN ROLE " + Sql.identifier("marker", names.marker()));
      return;
    }
    if (!new ManagedRoles(names.marker()).isManaged(c, role)) {
      throw new ProvisioningException("role " + role + " exists but is not a member of " + names.marker()
          + "; jitgate does not touch roles it did not create");
    }
  }

  /** Step 2: expiry and connection limit. */
  void setLimits(Connection c, RoleName role, GrantRoleSpec spec) throws SQLException {
    Jdbc.execute(c, "ALTER ROLE " + role.quoted() + " VALID UNTIL " + Sql.literal(spec.validUntil().toString())
        + " CONNECTION LIMIT " + spec.connectionLimit());
  }

  /** Step 3: the SCRAM verifier. */
  void setPassword(Connection c, RoleName role, String verifier) throws SQLException {
    Jdbc.execute(c, "ALTER ROLE " + role.quoted() + " PASSWORD " + Sql.literal(verifier));
  }

  /** Step 4: membership in the permission role, and in none of the other levels. */
  void grantPermission(Connection c, RoleName role, String permissionRole) throws SQLException {
    BaselineRoles.ensureMember(c, permissionRole, role.value());
    for (String level : List.of(names.read(), names.write(), names.admin())) {
      if (!level.equals(permissionRole) && Jdbc.bool(c, """
          SELECT EXISTS (SELECT 1 FROM pg_auth_members m
                          WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = ?)
                            AND m.member = (SELECT oid FROM pg_roles WHERE rolname = ?))
          """, level, role.value())) {
        Jdbc.execute(c, "REVOKE " + Sql.identifier("level", level) + " FROM " + role.quoted());
      }
    }
  }

  /** Step 5: allow logins. */
  void enableLogin(Connection c, RoleName role) throws SQLException {
    Jdbc.execute(c, "ALTER ROLE " + role.quoted() + " LOGIN");
  }
}
