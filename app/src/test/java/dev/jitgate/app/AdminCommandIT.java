package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jitgate.pg.scram.ScramVerifier;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code jitgate admin --config <file>} in-process on a SQLite file under target/: the bootstrap token is
 * printed once (stdout only, never logged), not again on the next start with the same state, taken from
 * JITGATE_BOOTSTRAP_TOKEN when set; a stop request (what SIGTERM does) ends it with exit code 0.
 */
class AdminCommandIT {

  private static final Pattern BOOTSTRAP = Pattern.compile("Bootstrap admin token \\(shown once\\): (\\S+)");

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(Path.of("target", "admin-command-it", UUID.randomUUID().toString()).toAbsolutePath());
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    root().detachAppender(logs);
    http.close();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** A started admin role, its output so far and its stop button. */
  private record Running(CliRun.Background run, URI api, Runnable stop) {
    int stopAndWait() throws Exception {
      stop.run();
      return run.exitCode().get(30, TimeUnit.SECONDS);
    }
  }

  private Running start(Path config, Map<String, String> env) {
    AtomicReference<Runnable> stop = new AtomicReference<>();
    AtomicReference<URI> api = new AtomicReference<>();
    CliContext context = new CliContext(env, new ByteArrayInputStream(new byte[0]), () -> null, stop::set,
        endpoints -> { }, api::set);
    CliRun.Background run = CliRun.start(context, "admin", "--config", config.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> api.get() != null || run.exitCode().isDone());
    assertThat(run.exitCode()).as("still running; stderr: %s", run.err()).isNotDone();
    return new Running(run, api.get(), stop.get());
  }

  private Path config() throws Exception {
    return Files.writeString(dir.resolve("jitgate.yaml"), """
        admin:
          listen:
            port: 0
        """);
  }

  private int me(URI api, String token) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/v1/me"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  @Test
  void printsTheBootstrapTokenOnceAndNeverLogsIt() throws Exception {
    Path config = config();
    Running first = start(config, Map.of());
    String out = first.run().out().toString();
    Matcher matcher = BOOTSTRAP.matcher(out);
    assertThat(matcher.find()).as(out).isTrue();
    String token = matcher.group(1);
    assertThat(out).contains("export JITGATE_TOKEN=" + token).contains("export JITGATE_API=" + first.api());
    assertThat(me(first.api(), token)).isEqualTo(200);
    assertThat(first.stopAndWait()).isZero();
    assertThat(Files.exists(dir.resolve("jitgate-state/jitgate.db"))).as("default state file").isTrue();

    Running second = start(config, Map.of());
    assertThat(me(second.api(), token)).as("the token survives a restart").isEqualTo(200);
    assertThat(second.stopAndWait()).isZero();
    assertThat(second.run().out().toString()).as("nothing printed the second time").isEmpty();

    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(token));
    assertThat(first.run().err().toString() + second.run().err()).doesNotContain(token);
  }

  @Test
  void takesThePresetTokenFromTheEnvironmentWithoutPrintingIt() throws Exception {
    String preset = "jgt_" + "preset".repeat(6);
    Running running = start(config(), Map.of("JITGATE_BOOTSTRAP_TOKEN", preset));
    String out = running.run().out().toString();
    assertThat(me(running.api(), preset)).isEqualTo(200);
    assertThat(running.stopAndWait()).isZero();
    assertThat(out).contains("created with the token from JITGATE_BOOTSTRAP_TOKEN").doesNotContain(preset);
  }

  @Test
  void aMalformedPresetTokenIsAConfigurationError() throws Exception {
    CliRun run = CliRun.run(Map.of("JITGATE_BOOTSTRAP_TOKEN", "short"), "", "admin", "--config", config().toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("JITGATE_BOOTSTRAP_TOKEN").doesNotContain("short\n");
  }

  @Test
  void eachRoleNeedsItsSection() throws Exception {
    String verifier = ScramVerifier.generate("pw", new SecureRandom()).format();
    CliRun admin = CliRun.run(Map.of(), "", "admin", "--config", Files.writeString(dir.resolve("proxy-only.yaml"), """
        proxy:
          listen:
            tls:
              mode: disable
          users:
            - name: alice
              scram-verifier: "%s"
          routes:
            - database: appdb
              upstream: {host: db.internal, user: app, password: "literal:x"}
        """.formatted(verifier)).toString());
    assertThat(admin.exitCode()).isEqualTo(2);
    assertThat(admin.err()).contains("admin: is required to run the admin role");

    CliRun proxy = CliRun.run(Map.of(), "", "proxy", "--config", config().toString());
    assertThat(proxy.exitCode()).isEqualTo(2);
    assertThat(proxy.err()).contains("proxy: is required to run the proxy role");

    CliRun storeOnly = CliRun.run(Map.of(), "", "admin", "--config", Files.writeString(dir.resolve("store-only.yaml"),
        "store:\n  kind: sqlite\n").toString());
    assertThat(storeOnly.exitCode()).as("without admin, a file means the proxy").isEqualTo(2);
    // A store section and no proxy users or routes: a grant-mode proxy, which still needs its TLS settings.
    assertThat(storeOnly.err()).contains("proxy.listen.tls").doesNotContain("admin:");
  }
}
