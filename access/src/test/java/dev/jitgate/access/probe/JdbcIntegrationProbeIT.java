package dev.jitgate.access.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.access.secret.SecretValue;
import dev.jitgate.access.service.IntegrationTestReport;
import dev.jitgate.access.service.IntegrationTestReport.Check;
import dev.jitgate.access.testing.EmbeddedPostgresDatabase;
import dev.jitgate.access.testing.PostgresDatabaseExtension;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class JdbcIntegrationProbeIT {
  private static final String PASSWORD = "Pr0be-secret-9f2c";
  private static final String USER = "jit_probe_connector";
  private static EmbeddedPostgresDatabase pg;
  private static String database;
  private final JdbcIntegrationProbe probe = new JdbcIntegrationProbe(Duration.ofSeconds(5));

  @BeforeAll
  static void setUp(EmbeddedPostgresDatabase server) throws Exception {
    pg = server;
    database = pg.createDatabase();
    pg.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + USER
        + "') THEN CREATE ROLE " + USER + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'; END IF; END $$");
    pg.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jit_probe_weak')"
        + " THEN CREATE ROLE jit_probe_weak LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
  }

  private static Integration integration(DatabaseLocation location, List<String> databases) {
    return new Integration("probe-test", null, location, databases,
        new Connector(USER, ConnectorAuthType.PASSWORD, SecretRef.of("env:PROBE_PW")), SslMode.DISABLE, "",
        true, 0, "", List.of(), "", null, null, null, 0);
  }

  private static Map<String, Check> byName(IntegrationTestReport report) {
    return report.checks().stream().collect(Collectors.toMap(Check::name, Function.identity()));
  }

  private static void assertNoPassword(IntegrationTestReport report) {
    assertThat(report.toString()).doesNotContain(PASSWORD);
    for (Check c : report.checks()) {
      assertThat(c.detail()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aCreateroleConnectorPasses() {
    IntegrationTestReport report = probe.probe(
        integration(new DatabaseLocation.HostPort("127.0.0.1", pg.port()), List.of(database, "postgres")),
        new SecretValue(PASSWORD.toCharArray()));
    Map<String, Check> checks = byName(report);
    assertThat(report.ok()).as(report.toString()).isTrue();
    assertThat(report.serverVersion()).startsWith("17");
    assertThat(checks.get("server_version").detail()).isEqualTo(report.serverVersion());
    assertThat(checks.get("superuser").detail()).isEqualTo("no");
    assertThat(checks.get("createrole").detail()).isEqualTo("yes");
    assertThat(checks.get("rds_superuser").detail()).isEqualTo("not a member");
    assertThat(checks.get("can_create_roles").ok()).isTrue();
    assertThat(checks.get("pg_read_all_data").detail()).isEqualTo("exists");
    assertThat(checks.get("pg_write_all_data").detail()).isEqualTo("exists");
    assertThat(checks.get("database:" + database).ok()).isTrue();
    assertThat(checks.get("database:postgres").ok()).isTrue();
    assertThat(report.checks().getFirst().name()).isEqualTo("connect");
    assertNoPassword(report);
  }

  @Test
  void aWrongPasswordFailsWithoutShowingAnyPassword() {
    String wrong = "Wr0ng-" + PASSWORD;
    IntegrationTestReport report = probe.probe(
        integration(new DatabaseLocation.HostPort("127.0.0.1", pg.port()), List.of(database)),
        new SecretValue(wrong.toCharArray()));
    Map<String, Check> checks = byName(report);
    assertThat(report.ok()).isFalse();
    assertThat(report.serverVersion()).isEmpty();
    assertThat(checks.get("connect").ok()).isFalse();
    assertThat(checks.get("connect").detail()).contains("password authentication failed").contains("28P01");
    assertThat(checks.get("database:" + database).ok()).isFalse();
    assertThat(report.toString()).doesNotContain(wrong);
    assertNoPassword(report);
  }

  @Test
  void aMissingDatabaseFailsItsCheckOnly() {
    IntegrationTestReport report = probe.probe(
        integration(new DatabaseLocation.HostPort("127.0.0.1", pg.port()), List.of("no_such_db", database)),
        new SecretValue(PASSWORD.toCharArray()));
    Map<String, Check> checks = byName(report);
    assertThat(report.ok()).isFalse();
    assertThat(checks.get("connect").ok()).isTrue();
    assertThat(checks.get("database:no_such_db").ok()).isFalse();
    assertThat(checks.get("database:no_such_db").detail()).contains("does not exist");
    assertThat(checks.get("database:" + database).ok()).isTrue();
    assertNoPassword(report);
  }

  @Test
  void aConnectorWithoutCreateroleIsReported() {
    Integration weak = new Integration("probe-weak", null,
        new DatabaseLocation.HostPort("127.0.0.1", pg.port()), List.of(database),
        new Connector("jit_probe_weak", ConnectorAuthType.PASSWORD, SecretRef.of("env:X")),
        SslMode.DISABLE, "", true, 0, "", List.of(), "", null, null, null, 0);
    IntegrationTestReport report = probe.probe(weak, new SecretValue(PASSWORD.toCharArray()));
    assertThat(report.ok()).isFalse();
    assertThat(byName(report).get("can_create_roles").detail()).isEqualTo("no: grant CREATEROLE to jit_probe_weak");
  }

  @Test
  void rdsLocationsAreNotResolvedYet() {
    IntegrationTestReport report = probe.probe(
        integration(new DatabaseLocation.RdsInstance("eu-west-1", "orders-db"), List.of("orders")),
        new SecretValue(PASSWORD.toCharArray()));
    assertThat(report.ok()).isFalse();
    assertThat(report.checks()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("location");
      assertThat(c.detail()).contains("RDS endpoints are resolved in a later release");
    });
  }

  @Test
  void anUnreachableServerFailsWithinTheTimeout() {
    long start = System.nanoTime();
    IntegrationTestReport report = new JdbcIntegrationProbe(Duration.ofSeconds(2)).probe(
        integration(new DatabaseLocation.HostPort("127.0.0.1", 1), List.of("orders")),
        new SecretValue(PASSWORD.toCharArray()));
    assertThat(report.ok()).isFalse();
    assertThat(byName(report).get("connect").ok()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void passwordsAreMaskedIfADriverEchoedThem() {
    String detail = JdbcIntegrationProbe.describe(new java.sql.SQLException("bad pw " + PASSWORD, "28P01"), PASSWORD);
    assertThat(detail).isEqualTo("bad pw <redacted> (SQLSTATE 28P01)");
  }
}
