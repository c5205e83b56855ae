package dev.jitgate.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.proxy.testing.PgClientTools;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** psql and pgbench (libpq, OpenSSL) through the proxy with sslmode=verify-full. */
@ExtendWith(PostgresExtension.class)
class PsqlIT {

  private static TestProxy proxy;
  private static TestPostgres pg;

  @BeforeAll
  static void start(TestPostgres postgres) throws Exception {
    pg = postgres;
    proxy = TestProxy.start(pg);
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  private static PgClientTools.Result psql(String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("-X", "-v", "ON_ERROR_STOP=1", "-At"));
    all.addAll(List.of(args));
    return PgClientTools.run("psql", PgClientTools.libpqEnv(proxy), all, 60);
  }

  @Test
  void psqlCommandOverVerifyFull() throws Exception {
    PgClientTools.Result r = psql("-c", "SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo("app_user|t");
  }

  @Test
  void psqlRefusesAProxyItCannotVerify() throws Exception {
    Map<String, String> env = new HashMap<>(PgClientTools.libpqEnv(proxy));
    env.put("PGSSLROOTCERT", pg.caCertFile().toString()); // a different CA
    PgClientTools.Result r = PgClientTools.run("psql", env, List.of("-X", "-c", "SELECT 1"), 60);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("certificate verify failed");
  }

  @Test
  void backslashCopyBothWays(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.tsv");
    PgClientTools.Result export =
        psql("-c", "\\copy (SELECT g, md5(g::text) FROM generate_series(1, 5000) g) TO '" + out + "'");
    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(5000).startsWith("1\t" + md5("1"));

    PgClientTools.Result imported =
        psql("-c", "CREATE TABLE IF NOT EXISTS psql_copy (id int, h text); TRUNCATE psql_copy",
            "-c", "\\copy psql_copy FROM '" + out + "'",
            "-c", "SELECT count(*), sum(id) FROM psql_copy");
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stdout()).contains("5000|12502500");
  }

  @Test
  void ctrlCInPsqlCancelsTheQueryThroughTheProxy() throws Exception {
    PgClientTools.Running psql =
        PgClientTools.start("psql", PgClientTools.libpqEnv(proxy),
            List.of("-X", "-c", "SELECT pg_sleep(60) /* ctrl-c-test */"));
    try (Connection admin = pg.superuserDataSource().getConnection()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> sleeping(admin) == 1);
      new ProcessBuilder("kill", "-INT", Long.toString(psql.process().pid())).start().waitFor();
      PgClientTools.Result r = psql.await(20);
      assertThat(r.stderr()).contains("canceling statement due to user request");
      await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(admin) == 0);
    }
  }

  private static int sleeping(Connection admin) throws Exception {
    try (Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%ctrl-c-test%' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void pgbenchSelectOnlyThroughTheProxy() throws Exception {
    Map<String, String> env = PgClientTools.libpqEnv(proxy);
    PgClientTools.Result init = PgClientTools.run("pgbench", env, List.of("-i", "-s", "1", "-q"), 120);
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    for (List<String> mode : List.of(List.of("-M", "simple"), List.of("-M", "prepared"), List.of("-C"))) {
      List<String> args = new java.util.ArrayList<>(List.of("-S", "-c", "4", "-j", "2", "-t", "200"));
      args.addAll(mode);
      PgClientTools.Result run = PgClientTools.run("pgbench", env, args, 120);
      assertThat(run.exitCode()).as(mode + ": " + run.stderr()).isZero();
      assertThat(run.stdout()).as(mode.toString()).contains("number of transactions actually processed: 800/800");
      assertThat(run.stdout()).contains("number of failed transactions: 0");
    }
  }

  private static String md5(String s) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(d);
  }
}
