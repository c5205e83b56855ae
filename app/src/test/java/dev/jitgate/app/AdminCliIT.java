package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.pg.scram.ScramVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CLI against a running admin API: {@code jitgate admin} runs in-process on a SQLite file under
 * target/, an admin sets up an integration and a flow over HTTP, then alice requests, bob approves, alice
 * gets credentials, bob revokes — every step through {@code Main.commandLine(...).execute(...)}, as the
 * README's walkthrough shows. Then the error paths: bad token, unknown id, invalid duration, no server,
 * usage errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCliIT {

  private static final Pattern BOOTSTRAP = Pattern.compile("Bootstrap admin token \\(shown once\\): (\\S+)");
  private static final Pattern PSQL = Pattern.compile(
      "psql \"host=proxy\\.example port=6432 dbname=prod/orders user=alice sslmode=verify-full password=(\\S+)\"\n");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;
  private Path stateFile;
  private CliRun.Background admin;
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private final AtomicReference<URI> api = new AtomicReference<>();
  private String adminToken;
  private String aliceToken;
  private String bobToken;

  @BeforeAll
  void startAdminAndSetUp() throws Exception {
    dir = Files.createDirectories(Path.of("target", "admin-cli-it", UUID.randomUUID().toString()).toAbsolutePath());
    stateFile = dir.resolve("state/jitgate.db");
    Path config = Files.writeString(dir.resolve("jitgate.yaml"), """
        admin:
          listen:
            host: 127.0.0.1
            port: 0
          proxy-endpoint:
            host: proxy.example
            port: 6432
        store:
          sqlite:
            path: ./state/jitgate.db
        logging:
          level: warn
        """);
    CliContext context = new CliContext(Map.of("PROD_CONNECTOR_PASSWORD", "unused"),
        new ByteArrayInputStream(new byte[0]), () -> null, stop::set, endpoints -> { }, api::set);
    admin = CliRun.start(context, "admin", "--config", config.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> api.get() != null || admin.exitCode().isDone());
    assertThat(admin.exitCode()).as("admin still running; stderr: %s", admin.err()).isNotDone();
    Matcher token = BOOTSTRAP.matcher(admin.out().toString());
    assertThat(token.find()).as("bootstrap token printed: %s", admin.out()).isTrue();
    adminToken = token.group(1);

    put("/v1/principals/alice", """
        {"name":"alice","kind":"user","roles":["requester"]}""");
    put("/v1/principals/bob", """
        {"name":"bob","kind":"user","roles":["approver"]}""");
    post("/v1/integrations", """
        {"name":"prod","location":{"kind":"host","host":"db.internal","port":5432},"databases":["orders","billing"],
         "connector":{"user":"jitgate","auth":"password","secret":"env:PROD_CONNECTOR_PASSWORD"},
         "permissions":["read","write"]}""");
    post("/v1/access-flows", """
        {"name":"oncall","requesters":["user:alice"],
         "resources":[{"kind":"path","integration":"prod","database":"orders"},
                      {"kind":"path","integration":"prod","database":"billing"}],
         "permissions":["read"],"maxDuration":"4h","justificationRequired":true,
         "approval":{"kind":"manual","resourceOwners":false,"approvers":["user:bob"],"minApprovals":1}}""");

    aliceToken = createToken("alice");
    bobToken = createToken("bob");
  }

  @AfterAll
  void stopAdmin() throws Exception {
    http.close();
    if (stop.get() != null) {
      stop.get().run();
      assertThat(admin.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  private String createToken(String principal) {
    CliRun run = cli(adminToken, "token", "create", "--principal", principal, "--name", "it", "--ttl", "1h");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("for " + principal + " (it)").contains("shown only this once");
    String secret = run.out().strip();
    assertThat(secret).startsWith("jgt_");
    return secret;
  }

  private CliRun cli(String token, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("JITGATE_API", api.get().toString());
    if (token != null) {
      env.put("JITGATE_TOKEN", token);
    }
    return CliRun.run(env, "", args);
  }

  @Test
  void requestApproveCredentialsRevoke() throws Exception {
    CliRun integrations = cli(aliceToken, "integrations");
    assertThat(integrations.exitCode()).as(integrations.err()).isZero();
    assertThat(integrations.out()).startsWith("NAME  LOCATION").contains("prod  db.internal:5432  orders,billing");

    CliRun flows = cli(aliceToken, "flows");
    assertThat(flows.out()).contains("oncall").contains("prod/orders").contains("1 of user:bob");

    CliRun request = cli(aliceToken, "request", "prod/orders", "--permission", "read", "--for", "2h",
        "--reason", "INC-42 refund check");
    assertThat(request.exitCode()).as(request.err()).isZero();
    assertThat(request.out()).contains("pending").contains("alice").contains("prod/orders").contains("2h")
        .contains("INC-42 refund check");
    assertThat(request.err()).contains("Waiting for approval (flow oncall)");

    CliRun pending = cli(bobToken, "requests", "--state", "pending", "--output", "json");
    assertThat(pending.exitCode()).as(pending.err()).isZero();
    JsonNode items = json.readTree(pending.out());
    assertThat(items.isArray()).isTrue();
    assertThat(items).hasSize(1);
    String requestId = items.get(0).path("id").asText();
    assertThat(cli(bobToken, "requests", "--state", "pending").out()).contains(requestId).contains("pending");
    assertThat(cli(aliceToken, "requests", "--mine").out()).contains(requestId);

    CliRun selfApproval = cli(aliceToken, "approve", requestId);
    assertThat(selfApproval.exitCode()).isEqualTo(1);
    assertThat(selfApproval.err()).startsWith("jitgate approve: ");

    CliRun approve = cli(bobToken, "approve", requestId, "--comment", "looks fine");
    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(approve.out()).contains(requestId).contains("approved");
    assertThat(approve.err()).contains("is active for alice");

    CliRun grants = cli(aliceToken, "grants", "--state", "active");
    assertThat(grants.exitCode()).as(grants.err()).isZero();
    assertThat(grants.out()).startsWith("ID").contains("active").contains("alice").contains("prod/orders");
    String grantId = json.readTree(cli(aliceToken, "grants", "--mine", "--output", "json").out()).get(0).path("id").asText();
    assertThat(cli(bobToken, "grants", "--principal", "alice").out()).contains(grantId);

    CliRun credentials = cli(aliceToken, "credentials", grantId);
    assertThat(credentials.exitCode()).as(credentials.err()).isZero();
    Matcher psql = PSQL.matcher(credentials.out());
    assertThat(psql.matches()).as("one psql line: %s", credentials.out()).isTrue();
    String password = psql.group(1);
    assertThat(credentials.err()).contains("shown only this once");
    assertThat(storedVerifier(grantId).matchesPassword(password)).isTrue();

    CliRun again = cli(aliceToken, "credentials", grantId);
    Matcher second = PSQL.matcher(again.out());
    assertThat(second.matches()).isTrue();
    assertThat(second.group(1)).isNotEqualTo(password);
    assertThat(storedVerifier(grantId).matchesPassword(password)).as("the first password is replaced").isFalse();
    assertThat(storedVerifier(grantId).matchesPassword(second.group(1))).isTrue();

    JsonNode issued = json.readTree(cli(aliceToken, "credentials", grantId, "--output", "json").out());
    assertThat(issued.path("password").asText()).isNotEmpty();
    assertThat(issued.path("grant").path("id").asText()).isEqualTo(grantId);

    CliRun extend = cli(aliceToken, "extend", grantId, "--for", "1h", "--reason", "needs more time");
    assertThat(extend.exitCode()).as(extend.err()).isZero();
    assertThat(extend.out()).contains("+1h").contains("pending");

    CliRun revoke = cli(bobToken, "revoke", grantId, "--reason", "done");
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains(grantId).contains("revoked");
    assertThat(cli(aliceToken, "grants", "--state", "active").err()).contains("No grants found.");
  }

  @Test
  void cancelAndDeny() throws Exception {
    // prod/billing: the walkthrough's requests on prod/orders stay out of the way.
    CliRun first = cli(aliceToken, "request", "prod/billing", "--for", "30m", "--reason", "to cancel", "-o", "json");
    assertThat(first.exitCode()).as(first.err()).isZero();
    String toCancel = json.readTree(first.out()).path("id").asText();
    CliRun cancel = cli(aliceToken, "cancel", toCancel);
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("cancelled");

    String toDeny = json.readTree(cli(aliceToken, "request", "prod/billing", "--for", "30m", "--reason", "x",
        "--output", "JSON").out()).path("id").asText();
    CliRun deny = cli(bobToken, "deny", toDeny, "--comment", "not now");
    assertThat(deny.exitCode()).as(deny.err()).isZero();
    assertThat(deny.out()).contains("denied");
  }

  @Test
  void aBadTokenIsExplainedWithoutBeingShown() {
    String bogus = "jgt_" + "x".repeat(40);
    CliRun run = cli(bogus, "requests");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("jitgate requests: ").contains("Check the token in JITGATE_TOKEN");
    assertThat(run.out() + run.err()).doesNotContain(bogus);
  }

  @Test
  void anUnknownIdIsReported() {
    CliRun run = cli(bobToken, "approve", "01890000-0000-7000-8000-000000000000");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("jitgate approve: ");
    assertThat(run.out()).isEmpty();
    assertThat(cli(aliceToken, "credentials", "no-such-grant").exitCode()).isEqualTo(1);
  }

  @Test
  void anInvalidDurationGetsTheApisMessageNamingTheField() {
    CliRun run = cli(aliceToken, "request", "prod/orders", "--for", "2x", "--reason", "r");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("jitgate request: ").contains("duration: is not a duration");
  }

  @Test
  void noServerMeansAClearMessageWithTheUrl() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.run(Map.of("JITGATE_TOKEN", aliceToken), "", "grants", "--api", "http://127.0.0.1:" + port);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the admin API at http://127.0.0.1:" + port)
        .contains("connection refused");
  }

  @Test
  void usageErrorsExitWithTwo() {
    CliRun noSlash = cli(aliceToken, "request", "prodorders", "--for", "2h");
    assertThat(noSlash.exitCode()).isEqualTo(2);
    assertThat(noSlash.err()).contains("expected <integration>/<database>");

    CliRun noToken = cli(null, "grants");
    assertThat(noToken.exitCode()).isEqualTo(2);
    assertThat(noToken.err()).contains("no API token: set JITGATE_TOKEN");

    assertThat(cli(aliceToken, "grants", "--output", "yaml").exitCode()).isEqualTo(2);
    assertThat(cli(aliceToken, "request", "prod/orders").exitCode()).as("--for is required").isEqualTo(2);
  }

  private ScramVerifier storedVerifier(String grantId) {
    try (AccessStore store = SqliteAccessStore.open(stateFile)) {
      GrantCredential credential = store.credential(grantId).orElseThrow();
      return ScramVerifier.parse(credential.verifier());
    }
  }

  private void put(String path, String body) throws Exception {
    send(HttpRequest.newBuilder(api.get().resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(body)), 200);
  }

  private void post(String path, String body) throws Exception {
    send(HttpRequest.newBuilder(api.get().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)), 201);
  }

  private void send(HttpRequest.Builder request, int expected) throws Exception {
    HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
  }
}
