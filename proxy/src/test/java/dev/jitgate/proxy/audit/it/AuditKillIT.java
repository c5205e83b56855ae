package dev.jitgate.proxy.audit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainFinding;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.SpoolEvents;
import dev.jitgate.proxy.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL under load: a fail-closed proxy process relays statements from several clients while it is killed;
 * afterwards every statement whose result reached a client is in the recovered spool, and each session's chain
 * has no gap or alteration (only its unwritten tail is missing).
 */
@ExtendWith(PostgresExtension.class)
class AuditKillIT {

  private static final int CLIENTS = 4;

  @Test
  void everyAnsweredStatementSurvivesAProxySigkill(TestPostgres pg) throws Exception {
    Path spool = Files.createDirectories(Path.of("target", "audit-kill", UUID.randomUUID().toString()))
        .toAbsolutePath();
    String clientPassword = "pw-" + UUID.randomUUID();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), AuditProxyChild.class.getName(),
        pg.host(), String.valueOf(pg.port()), TestPostgres.APP_DATABASE, pg.appUser().user(), pg.appUser().password(),
        pg.caCertFile().toString(), "alice", clientPassword, spool.toString())
        .redirectError(spool.resolveSibling(spool.getFileName() + "-child.err").toFile())
        .start();
    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicInteger failures = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    try {
      int port = readPort(child);
      String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + TestPostgres.APP_DATABASE
          + "?sslmode=disable&preferQueryMode=extended";
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(Thread.ofPlatform().name("kill-client-" + c).start(() -> load(url, clientPassword, client,
            answered, failures)));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= 400 || !child.isAlive());
      assertThat(child.isAlive()).as("the proxy is serving").isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      for (Thread t : clients) {
        t.join(30_000);
      }
    }
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();
    Set<String> snapshot = new HashSet<>(answered);
    assertThat(snapshot).hasSizeGreaterThanOrEqualTo(400);

    List<AuditEvent> events = SpoolEvents.readAll(spool);
    Set<String> recorded = new HashSet<>();
    for (AuditEvent e : events) {
      if (e.body() instanceof Statement s && s.sql() != null && s.sql().contains("audit_kill")) {
        recorded.add(s.sql() + " " + s.parameters().getFirst().value());
      }
    }
    List<String> lost = snapshot.stream().filter(a -> !recorded.contains(a)).sorted().toList();
    assertThat(lost).as("answered statements missing from the spool").isEmpty();

    ChainVerifier verifier = new ChainVerifier(new AuditEventJson());
    for (var session : SpoolEvents.bySession(events).entrySet()) {
      List<ChainFinding> findings = verifier.verify(session.getValue());
      assertThat(findings).as("chain of " + session.getKey()).isEmpty();
    }
  }

  private static int readPort(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).strip());
      }
    }
    throw new AssertionError("the proxy child exited before listening");
  }

  /** Runs numbered statements until the connection breaks; records each one whose result arrived. */
  private static void load(String url, String password, int client, Set<String> answered, AtomicInteger failures) {
    try (Connection c = DriverManager.getConnection(url, "alice", password);
        var ps = c.prepareStatement("SELECT ?::text AS audit_kill")) {
      for (int i = 0; i < 1_000_000; i++) {
        String value = client + "-" + i;
        ps.setString(1, value);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getString(1).equals(value)) {
            throw new AssertionError("wrong answer");
          }
        }
        answered.add("SELECT $1::text AS audit_kill " + value);
      }
    } catch (java.sql.SQLException e) {
      failures.incrementAndGet(); // expected once the proxy is killed
    }
  }
}
