package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StatementHit;
import dev.jitgate.auditor.store.StatementQuery;
import dev.jitgate.proxy.testing.PgClientTools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code jitgate demo} end to end, in-process on free ports with a state directory under target/: the
 * README's quickstart (the printed psql line works through the proxy, the printed revoke command cuts an open
 * session within 2 s), {@code demo.env} with pgjdbc (verify-full), {@code jitgate connect --print} against
 * the demo, and the clean-up after the stop. The tests run in order: the revocation ends alice's grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

  private static final Pattern PSQL_LINE = Pattern.compile("(?m)^  (psql \"host=127\\.0\\.0\\.1 .*\")$");
  private static final Pattern REVOKE_LINE = Pattern.compile("(?m)^  \\./jitgate (revoke \\S+ --api \\S+ --token \\S+)$");
  private static final Pattern EXPORT = Pattern.compile("export ([A-Z_]+)='((?:[^']|'\\\\'')*)'");

  private Path stateDir;
  private CliRun.Background demo;
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private final AtomicReference<RunningEndpoints> endpoints = new AtomicReference<>();
  private Map<String, String> demoEnv;
  private int upstreamPort;

  @BeforeAll
  void startDemo() throws Exception {
    stateDir = Path.of("target", "demo-it", UUID.randomUUID().toString()).toAbsolutePath();
    CliContext context = new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), () -> null, stop::set,
        endpoints::set);
    demo = CliRun.start(context, "demo", "--state-dir", stateDir.toString(), "--proxy-port", "0", "--api-port", "0");
    await().atMost(Duration.ofSeconds(90)).until(() -> endpoints.get() != null || demo.exitCode().isDone());
    assertThat(demo.exitCode()).as("demo still running; stderr: %s", demo.err()).isNotDone();
    demoEnv = exports(Files.readString(stateDir.resolve("demo.env")));
    upstreamPort = Integer.parseInt(demoEnv.get("JITGATE_UPSTREAM_URL").replaceAll(".*:(\\d+)/.*", "$1"));
  }

  @AfterAll
  void stopDemo() throws Exception {
    if (stop.get() == null) {
      return;
    }
    stop.get().run();
    assertThat(demo.exitCode().get(60, TimeUnit.SECONDS)).as(demo.err().toString()).isZero();
    assertThat(demo.err().toString()).contains("stopped");
    assertThat(stateDir.resolve("demo.env")).doesNotExist();
    assertThat(stateDir.resolve("connector.password")).doesNotExist();
    assertThat(stateDir.resolve("jitgate.db")).doesNotExist();
    assertThat(stateDir.resolve("audit.db")).doesNotExist();
    assertThat(stateDir.resolve("audit-spool")).doesNotExist();
    assertThat(stateDir.resolve("audit-ingest.token")).doesNotExist();
    assertThat(stateDir.resolve("postgres/data")).doesNotExist();
    assertThat(stateDir.resolve("ca/ca.crt")).exists();
    assertThat(listening(upstreamPort)).as("the upstream PostgreSQL is stopped").isFalse();
    assertThat(listening(endpoints.get().proxy().getPort())).as("the proxy is stopped").isFalse();
  }

  @Test
  @Order(1)
  void demoEnvHasEveryVariableAndOnlyItsOwnerCanReadIt() throws IOException {
    assertThat(demoEnv).containsOnlyKeys("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSSLMODE",
        "PGSSLROOTCERT", "JITGATE_API", "JITGATE_TOKEN", "JITGATE_GRANT", "JITGATE_UPSTREAM_URL");
    assertThat(demoEnv).containsEntry("PGHOST", "127.0.0.1")
        .containsEntry("PGPORT", Integer.toString(endpoints.get().proxy().getPort()))
        .containsEntry("PGDATABASE", "demo/shop")
        .containsEntry("PGUSER", "alice")
        .containsEntry("PGSSLMODE", "verify-full")
        .containsEntry("PGSSLROOTCERT", stateDir.resolve("ca/ca.crt").toString());
    assertThat(Files.getPosixFilePermissions(stateDir.resolve("demo.env")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(demoEnv.get("JITGATE_API")).startsWith("http://127.0.0.1:");
    assertThat(demo.out().toString()).contains(demoEnv.get("JITGATE_GRANT")).contains(demoEnv.get("JITGATE_API"))
        .contains(demoEnv.get("JITGATE_TOKEN"));
  }

  @Test
  @Order(2)
  void pgjdbcWithDemoEnvReadsShopButCannotWrite() throws SQLException {
    try (Connection c = connect(demoEnv.get("PGPASSWORD")); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM customers")).isEqualTo(8);
      assertThat(count(s, "SELECT count(*) FROM orders o JOIN products p ON p.id = o.product_id")).isEqualTo(12);
      assertThatThrownBy(() -> s.execute("INSERT INTO products (sku, name, price) VALUES ('X', 'x', 1)"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
  }

  @Test
  @Order(3)
  void thePrintedPsqlLineWorks() throws Exception {
    Matcher psql = PSQL_LINE.matcher(demo.out().toString());
    assertThat(psql.find()).as("psql line in %s", demo.out()).isTrue();
    String line = psql.group(1);
    assertThat(line).contains("dbname=demo/shop user=alice sslmode=verify-full sslrootcert=" + stateDir.resolve("ca/ca.crt"));
    Path psqlDir = PgClientTools.find("psql").getParent();
    PgClientTools.Result result = PgClientTools.run("bash", Map.of("PATH", psqlDir + ":/usr/bin:/bin"),
        List.of("-c", line + " -At -c 'SELECT count(*) FROM customers' -c 'SELECT current_user'"), 30);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout().lines().toList()).first().isEqualTo("8");
    assertThat(result.stdout()).contains("jit_alice_");
  }

  /**
   * Audit is on in the demo: a statement typed in psql (the printed line) is in the auditor's store, with its
   * result, within 2 s, and the printed instructions say how to look at it.
   */
  @Test
  @Order(4)
  void statementsTypedInPsqlAppearInTheAuditWithin2Seconds() throws Exception {
    assertThat(demo.out().toString()).contains("./jitgate audit sessions --api ").contains("./jitgate audit show ");
    Matcher psql = PSQL_LINE.matcher(demo.out().toString());
    assertThat(psql.find()).as("psql line in %s", demo.out()).isTrue();
    String marker = "psql_audit_" + Long.toHexString(System.nanoTime());
    Path psqlDir = PgClientTools.find("psql").getParent();
    PgClientTools.Result result = PgClientTools.run("bash", Map.of("PATH", psqlDir + ":/usr/bin:/bin"),
        List.of("-c", psql.group(1) + " -At -c 'SELECT 7 AS " + marker + "'"), 30);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout().strip()).isEqualTo("7");

    try (SqliteAuditStore audit = SqliteAuditStore.open(stateDir.resolve("audit.db"), new AuditEventJson())) {
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
        List<StatementHit> hits = audit.searchStatements(StatementQuery.text(marker, 10));
        assertThat(hits).hasSize(1);
        assertThat(hits.getFirst().sql()).isEqualTo("SELECT 7 AS " + marker);
        assertThat(hits.getFirst().principal()).isEqualTo("alice");
        assertThat(hits.getFirst().result()).isNotNull();
        assertThat(hits.getFirst().result().commandTag()).isEqualTo("SELECT 1");
        assertThat(hits.getFirst().result().rows()).isEqualTo(1L);
      });
    }
  }

  @Test
  @Order(5)
  void connectPrintIssuesAWorkingCredential() throws SQLException {
    CliRun run = CliRun.run(Map.of("JITGATE_API", demoEnv.get("JITGATE_API"), "JITGATE_TOKEN", demoEnv.get("JITGATE_TOKEN")),
        "", "connect", "demo/shop", "--print", "--sslrootcert", demoEnv.get("PGSSLROOTCERT"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, String> printed = exports(run.out());
    assertThat(printed).containsOnlyKeys("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSSLMODE",
        "PGSSLROOTCERT");
    assertThat(printed.get("PGPASSWORD")).isNotEqualTo(demoEnv.get("PGPASSWORD"));
    assertThat(printed).containsEntry("PGDATABASE", "demo/shop").containsEntry("PGUSER", "alice")
        .containsEntry("PGPORT", demoEnv.get("PGPORT")).containsEntry("PGSSLMODE", "verify-full");
    assertThat(run.err()).contains("Grant " + demoEnv.get("JITGATE_GRANT"));
    try (Connection c = connect(printed.get("PGPASSWORD")); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM products")).isEqualTo(6);
    }
    demoEnv = new HashMap<>(demoEnv);
    demoEnv.put("PGPASSWORD", printed.get("PGPASSWORD")); // the credential was replaced
  }

  @Test
  @Order(6)
  void connectRunsPsqlWithTheSettingsInItsEnvironmentAndReturnsItsExitCode() throws Exception {
    Path fakePsql = stateDir.resolveSibling(stateDir.getFileName() + "-psql.sh");
    Path seen = stateDir.resolveSibling(stateDir.getFileName() + "-psql.env");
    Files.writeString(fakePsql, """
        #!/bin/sh
        { echo "args=$#"; env | grep -E '^PG'; } > "$SEEN_FILE"
        exit 3
        """);
    fakePsql.toFile().setExecutable(true);
    CliRun run = CliRun.run(Map.of("JITGATE_API", demoEnv.get("JITGATE_API"), "JITGATE_TOKEN",
        demoEnv.get("JITGATE_TOKEN"), "SEEN_FILE", seen.toString()), "", "connect", "demo/shop", "--psql",
        fakePsql.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    String childEnv = Files.readString(seen);
    assertThat(childEnv).contains("args=0").contains("PGUSER=alice").contains("PGDATABASE=demo/shop")
        .contains("PGSSLMODE=verify-full").doesNotContain("PGSSLROOTCERT");
    String password = childEnv.lines().filter(l -> l.startsWith("PGPASSWORD=")).findFirst().orElseThrow()
        .substring("PGPASSWORD=".length());
    try (Connection c = connect(password); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT count(*) FROM orders")).isEqualTo(12);
    }
    demoEnv.put("PGPASSWORD", password);
  }

  @Test
  @Order(7)
  void thePrintedRevokeCommandCutsAnOpenSessionWithin2Seconds() throws Exception {
    Matcher revoke = REVOKE_LINE.matcher(demo.out().toString());
    assertThat(revoke.find()).as("revoke line in %s", demo.out()).isTrue();
    try (Connection c = connect(demoEnv.get("PGPASSWORD")); Statement s = c.createStatement()) {
      assertThat(count(s, "SELECT 1")).isEqualTo(1);
      CliRun run = CliRun.run(Map.of(), "", revoke.group(1).split(" "));
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("revoked");
      long revokedAt = System.nanoTime();
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> !alive(c));
      assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(2));
    }
    assertThatThrownBy(() -> connect(demoEnv.get("PGPASSWORD")).close())
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("revoked"));
  }

  @Test
  @Order(8)
  void connectWithoutAGrantFilesARequestThatAwaitsApproval() {
    CliRun run = CliRun.run(Map.of("JITGATE_API", demoEnv.get("JITGATE_API"), "JITGATE_TOKEN", demoEnv.get("JITGATE_TOKEN")),
        "", "connect", "demo/shop", "--print", "--for", "30m", "--reason", "after the revoke");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("No active grant for demo/shop; filed request").contains("awaits approval")
        .contains("flow demo-shop");
  }

  private Connection connect(String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", demoEnv.get("PGUSER"));
    p.setProperty("password", password);
    p.setProperty("sslmode", demoEnv.get("PGSSLMODE"));
    p.setProperty("sslrootcert", demoEnv.get("PGSSLROOTCERT"));
    p.setProperty("connectTimeout", "10");
    return DriverManager.getConnection("jdbc:postgresql://" + demoEnv.get("PGHOST") + ":" + demoEnv.get("PGPORT")
        + "/" + URLEncoder.encode(demoEnv.get("PGDATABASE"), StandardCharsets.UTF_8), p);
  }

  private static boolean alive(Connection c) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  /** The {@code export NAME='value'} lines of a shell file. */
  static Map<String, String> exports(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = EXPORT.matcher(text);
    while (m.find()) {
      env.put(m.group(1), m.group(2).replace("'\\''", "'"));
    }
    return env;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
