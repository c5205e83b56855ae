package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.pg.scram.ScramVerifier;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code jitgate proxy --config <file>} run in-process against a real PostgreSQL: pgjdbc connects through
 * it with verify-full TLS on both legs, {@code /metrics} shows the session, and a stop request (what
 * SIGTERM does) shuts it down cleanly with exit code 0.
 */
@ExtendWith(PostgresExtension.class)
class ProxyCommandIT {

  private static final String CLIENT_USER = "alice";
  private static final String CLIENT_PASSWORD = "alice-" + Long.toHexString(new SecureRandom().nextLong());

  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void captureLogs() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    root().detachAppender(logs);
    http.close();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void proxiesMeasuresAndShutsDownCleanly(TestPostgres pg) throws Exception {
    String verifier = ScramVerifier.generate(CLIENT_PASSWORD, new SecureRandom()).format();
    Path config = Files.writeString(dir.resolve("jitgate.yaml"), """
        proxy:
          name: it-proxy
          listen:
            host: 127.0.0.1
            port: 0
            tls:
              mode: require
              dev-ca-directory: ./jitgate-ca
          users:
            - name: %s
              scram-verifier: "%s"
          routes:
            - database: appdb
              upstream:
                host: localhost
                port: %d
                user: %s
                password: env:IT_APPDB_PASSWORD
                sslmode: verify-full
                sslrootcert: %s
          limits:
            shutdown-grace: 5s
            auth-failure-delay: 10ms
        metrics:
          listen: 127.0.0.1:0
        logging:
          level: info
        """.formatted(CLIENT_USER, verifier, pg.port(), pg.appUser().user(), pg.caCertFile().toAbsolutePath()));
    Map<String, String> env = Map.of("IT_APPDB_PASSWORD", pg.appUser().password());

    AtomicReference<Runnable> stop = new AtomicReference<>();
    AtomicReference<RunningEndpoints> endpoints = new AtomicReference<>();
    CliContext context = CliRun.proxyContext(env, stop::set, endpoints::set);
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
        () -> CliRun.run(context, "proxy", "--config", config.toString()));

    await().atMost(Duration.ofSeconds(60)).until(() -> endpoints.get() != null || run.isDone());
    assertThat(run).as("proxy still running").isNotDone();
    assertThat(stop.get()).as("stop action registered").isNotNull();
    RunningEndpoints running = endpoints.get();
    assertThat(running.metrics()).isPresent();

    Path caCert = dir.resolve("jitgate-ca").resolve("ca.crt");
    assertThat(caCert).exists();
    String url = "jdbc:postgresql://localhost:" + running.proxy().getPort() + "/appdb?sslmode=verify-full&sslrootcert="
        + caCert.toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url, CLIENT_USER, CLIENT_PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(pg.appUser().user());

      String metrics = get(running, "/metrics").body();
      assertThat(metrics)
          .contains("jitgate_proxy_sessions_active{proxy=\"it-proxy\"} 1.0")
          .contains("jitgate_proxy_connections_open")
          .contains("jitgate_proxy_connections_total{outcome=\"completed\",proxy=\"it-proxy\"}")
          .contains("jitgate_proxy_bytes_total{direction=\"client_to_upstream\",proxy=\"it-proxy\"}")
          .contains("jvm_memory_used_bytes");
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(running, "/metrics").body())
        .contains("jitgate_proxy_sessions_active{proxy=\"it-proxy\"} 0.0")
        .contains("jitgate_proxy_connections_total{outcome=\"completed\",proxy=\"it-proxy\"} 1.0"));
    assertThat(get(running, "/healthz").statusCode()).isEqualTo(200);

    stop.get().run();
    CliRun result = run.get(30, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).contains("shutdown complete");

    assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage())
        .doesNotContain(pg.appUser().password())
        .doesNotContain(CLIENT_PASSWORD)
        .doesNotContain(verifier));
    assertThat(result.out() + result.err()).doesNotContain(pg.appUser().password()).doesNotContain(verifier);
  }

  private HttpResponse<String> get(RunningEndpoints running, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + running.metrics().orElseThrow().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
