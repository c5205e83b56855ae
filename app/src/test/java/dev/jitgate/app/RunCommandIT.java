package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.app.runtime.RunningEndpoints;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jitgate run}: the admin API and the grant-mode proxy in one process on one SQLite store. A grant
 * created through the API is seen by the proxy at once: its holder gets past authentication and authorization
 * and fails only at the (deliberately unreachable) upstream, while a wrong password gets 28P01; then a clean
 * stop with exit code 0.
 */
class RunCommandIT {

  private static final Pattern BOOTSTRAP = Pattern.compile("Bootstrap admin token \\(shown once\\): (\\S+)");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void adminAndGrantModeProxyShareTheStore() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "run-it", UUID.randomUUID().toString()).toAbsolutePath());
    Path config = Files.writeString(dir.resolve("jitgate.yaml"), """
        proxy:
          listen:
            host: 127.0.0.1
            port: 0
            tls:
              mode: prefer
              dev-ca-directory: ./ca
          access: grants
          jit:
            reconcile-interval: 1m
          limits:
            shutdown-grace: 1s
            auth-failure-delay: 0
        admin:
          listen:
            host: 127.0.0.1
            port: 0
          proxy-endpoint:
            host: 127.0.0.1
            port: 6432
        store:
          sqlite:
            path: ./state/jitgate.db
        metrics:
          listen: off
        logging:
          level: warn
        """);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    AtomicReference<Runnable> stop = new AtomicReference<>();
    AtomicReference<URI> api = new AtomicReference<>();
    AtomicReference<RunningEndpoints> proxy = new AtomicReference<>();
    CliContext context = new CliContext(Map.of("PROD_CONNECTOR_PASSWORD", "unused"),
        new ByteArrayInputStream(new byte[0]), () -> null, stop::set, proxy::set, api::set);
    CliRun.Background run = CliRun.start(context, "run", "--config", config.toString());
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> proxy.get() != null || run.exitCode().isDone());
      assertThat(run.exitCode()).as("still running; stderr: %s", run.err()).isNotDone();
      assertThat(api.get()).isNotNull();
      Matcher token = BOOTSTRAP.matcher(run.out().toString());
      assertThat(token.find()).as(run.out().toString()).isTrue();
      String admin = token.group(1);

      send(admin, "PUT", "/v1/principals/alice", "{\"name\":\"alice\",\"kind\":\"user\",\"roles\":[\"requester\"]}", api.get());
      send(admin, "POST", "/v1/integrations", """
          {"name":"prod","location":{"kind":"host","host":"127.0.0.1","port":%d},"databases":["orders"],
           "connector":{"user":"jitgate","auth":"password","secret":"env:PROD_CONNECTOR_PASSWORD"},
           "sslMode":"disable"}""".formatted(closedPort), api.get());
      send(admin, "POST", "/v1/access-flows", """
          {"name":"auto","requesters":["user:alice"],
           "resources":[{"kind":"path","integration":"prod","database":"orders"}],
           "permissions":["read"],"maxDuration":"4h","approval":{"kind":"automatic"}}""", api.get());
      String alice = send(admin, "POST", "/v1/tokens", "{\"principal\":\"alice\",\"name\":\"it\",\"ttl\":\"1h\"}", api.get())
          .path("secret").asText();
      JsonNode request = send(alice, "POST", "/v1/access-requests",
          "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":\"read\",\"duration\":\"1h\"}", api.get());
      assertThat(request.path("state").asText()).isEqualTo("approved");
      String password = send(alice, "POST", "/v1/grants/" + request.path("grantId").asText() + "/credentials", null,
          api.get()).path("password").asText();

      int port = proxy.get().proxy().getPort();
      assertThatThrownBy(() -> login(port, "alice", "wrong-password"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> login(port, "alice", password))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
              .as("admitted by the grant, then the upstream is unreachable: %s", e.getMessage()).startsWith("08")));
    } finally {
      http.close();
      if (stop.get() != null) {
        stop.get().run();
      }
    }
    assertThat(run.exitCode().get(30, TimeUnit.SECONDS)).as(run.err().toString()).isZero();
  }

  private static void login(int port, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", "disable");
    p.setProperty("connectTimeout", "10");
    DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/prod%2Forders", p).close();
  }

  private JsonNode send(String token, String method, String path, String body, URI api) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
    return json.readTree(response.body());
  }
}
