package dev.jitgate.proxy.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.proxy.config.Secret;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvisionModelTest {

  @Test
  void managedRoleNamesMapPermissions() {
    ManagedRoleNames names = ManagedRoleNames.DEFAULT;
    assertThat(names.all()).containsExactly("jitgate_managed", "jitgate_owner", "jitgate_read", "jitgate_write",
        "jitgate_admin");
    assertThat(names.roleFor(Permission.READ)).isEqualTo("jitgate_read");
    assertThat(names.roleFor(Permission.WRITE)).isEqualTo("jitgate_write");
    assertThat(names.roleFor(Permission.ADMIN)).isEqualTo("jitgate_admin");
    assertThat(names.roleFor(new Permission("reporting"))).isEqualTo("reporting");
  }

  @Test
  void managedRoleNamesRejectBadPrefixesAndClashes() {
    assertThatThrownBy(() -> ManagedRoleNames.withPrefix("Bad")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> ManagedRoleNames.withPrefix("jit")).hasMessageContaining("grant role");
    assertThatThrownBy(() -> new ManagedRoleNames("a", "a", "b", "c", "d")).hasMessageContaining("distinct");
  }

  @Test
  void specValidatesFields() {
    Instant end = Instant.parse("2030-01-01T00:00:00Z");
    assertThatThrownBy(() -> new GrantRoleSpec("", "alice", Permission.READ, end, 5)).hasMessageContaining("grantId");
    assertThatThrownBy(() -> new GrantRoleSpec("g", "", Permission.READ, end, 5)).hasMessageContaining("principal");
    assertThatThrownBy(() -> new GrantRoleSpec("g", "a", Permission.READ, end, 0))
        .hasMessageContaining("connectionLimit");
    assertThat(new GrantRoleSpec("g", "alice", Permission.READ, end, 5).roleName())
        .isEqualTo(RoleName.forGrant("g", "alice"));
  }

  @Test
  void secretsNeverShowInToString() {
    ProvisionedRole role = new ProvisionedRole(new RoleName("jit_a_1"), new Secret("hunter2-password"));
    assertThat(role.toString()).doesNotContain("hunter2").contains("jit_a_1");
    ConnectorSettings settings = ConnectorSettings.of("db.example", 5432, "postgres", "connector",
        "s3cret-value"::toCharArray, SslMode.VERIFY_FULL, null);
    assertThat(settings.toString()).doesNotContain("s3cret").contains("connector@db.example:5432/postgres");
    assertThat(new ConnectorDataSource(settings).toString()).doesNotContain("s3cret");
  }

  @Test
  void connectorSettingsNameTheBadField() {
    assertThatThrownBy(() -> ConnectorSettings.of("h", 0, "db", "u", () -> new char[0], SslMode.REQUIRE, null))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ConnectorSettings.of("h", 5432, "", "u", () -> new char[0], SslMode.REQUIRE, null))
        .hasMessageContaining("database");
    assertThatThrownBy(() -> ConnectorSettings.of(" ", 5432, "db", "u", () -> new char[0], SslMode.REQUIRE, null))
        .hasMessageContaining("host");
  }

  @Test
  void passwordsAreRandomAndUrlSafe() {
    RolePasswords passwords = new RolePasswords(new SecureRandom());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String value = passwords.next().value();
      assertThat(value).matches("[A-Za-z0-9_-]{32}");
      seen.add(value);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void retryRecognisesConflicts() {
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("x", "40001"))).isTrue();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("x", "40P01"))).isTrue();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("x", "23505"))).isTrue();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("x", "42710"))).isTrue();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("tuple concurrently updated", "XX000"))).isTrue();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("other", "XX000"))).isFalse();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("x", "42501"))).isFalse();
    assertThat(TransactionRetry.isConflict(new java.sql.SQLException("x"))).isFalse();
  }
}
