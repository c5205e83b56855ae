package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.ids.UuidV7Generator;
import dev.jitgate.access.probe.JdbcIntegrationProbe;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.service.DefaultAccessService;
import dev.jitgate.access.service.IssuedToken;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.auditor.store.AuditStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A running admin API over a real store and the real {@link DefaultAccessService}, with the bootstrap
 * admin's token and helpers that set up users, an integration and flows through the API itself.
 */
final class ApiFixture implements AutoCloseable {
  static final String INTEGRATION = "prod";
  static final String MANUAL_DB = "orders";
  static final String AUTO_DB = "billing";

  final AccessStore store;
  final DefaultAccessService service;
  final PrometheusMeterRegistry registry;
  final AdminApiServer server;
  final Http http;
  final String adminToken;

  private ApiFixture(AccessStore store, AdminApiSettings settings, Optional<AuditStore> audit, int exportPageSize) {
    this.store = store;
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    this.service = new DefaultAccessService(store, clock, new UuidV7Generator(clock, random),
        new DefaultSecretResolver(Map.of("PG_PASS", "not-a-real-password")),
        new JdbcIntegrationProbe(Duration.ofSeconds(2)), random);
    IssuedToken admin = service.bootstrapAdmin("admin", Optional.empty()).orElseThrow();
    this.adminToken = admin.secret();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.server = audit.isEmpty() && exportPageSize == AuditRoutes.EXPORT_PAGE_SIZE
        ? AdminApiServer.start(settings, service, store, registry)
        : AdminApiServer.start(settings, service, store, registry, audit, exportPageSize);
    this.http = new Http(server.baseUri());
  }

  /** A fresh SQLite store file under {@code target/admin-api-tests/}. */
  static SqliteAccessStore sqliteStore() {
    return SqliteAccessStore.open(Path.of("target", "admin-api-tests", UUID.randomUUID() + ".db"));
  }

  /** An API on 127.0.0.1, ephemeral port, over a fresh SQLite store. */
  static ApiFixture sqlite() {
    return on(sqliteStore(), settings());
  }

  /** An API with {@code settings} over a fresh SQLite store. */
  static ApiFixture sqlite(AdminApiSettings settings) {
    return on(sqliteStore(), settings);
  }

  static ApiFixture on(AccessStore store, AdminApiSettings settings) {
    return new ApiFixture(store, settings, Optional.empty(), AuditRoutes.EXPORT_PAGE_SIZE);
  }

  /**
   * An API over a fresh SQLite store that searches {@code audit} (owned by the caller), exporting
   * {@code exportPageSize} events per store page.
   */
  static ApiFixture withAudit(AuditStore audit, int exportPageSize) {
    return new ApiFixture(sqliteStore(), settings(), Optional.of(audit), exportPageSize);
  }

  /** 127.0.0.1, port 0, 64 KiB bodies, no OIDC, a proxy endpoint. */
  static AdminApiSettings settings() {
    return new AdminApiSettings("127.0.0.1", 0, 64 * 1024, Optional.empty(),
        Optional.of(new ProxyEndpoint("proxy.example", 6432, "verify-full")));
  }

  /** Defines user {@code name} with {@code roles} (JSON role names) and returns a new API token for it. */
  String user(String name, String... roles) {
    String roleList = String.join("\",\"", roles);
    String body = "{\"name\":\"" + name + "\",\"kind\":\"user\",\"roles\":[" + (roles.length == 0 ? "" : "\"" + roleList + "\"") + "]}";
    Http.Response put = http.put("/v1/principals/" + PathText.segment(name), adminToken, body);
    assertThat(put.status()).as("define %s: %s", name, put).isEqualTo(200);
    return token(name);
  }

  /** A new API token for {@code principal}, created by the admin. */
  String token(String principal) {
    Http.Response created = http.post("/v1/tokens", adminToken,
        "{\"principal\":\"" + principal + "\",\"name\":\"test\",\"ttl\":\"1h\"}");
    assertThat(created.status()).as("token for %s: %s", principal, created).isEqualTo(201);
    return created.json().path("secret").asText();
  }

  /**
   * Integration {@code prod} with databases orders and billing; flow {@code a-manual} (orders, approved
   * by {@code approverUser}) and {@code b-auto} (billing, automatic), both open to {@code requesters}.
   */
  void integrationAndFlows(String approverUser, String... requesters) {
    Http.Response integration = http.post("/v1/integrations", adminToken, """
        {"name":"prod","location":{"kind":"host","host":"127.0.0.1","port":1},
         "databases":["orders","billing"],
         "connector":{"user":"jitgate","auth":"password","secret":"env:PG_PASS"},
         "sslMode":"disable","permissions":["read","write"]}""");
    assertThat(integration.status()).as("integration: %s", integration).isEqualTo(201);
    StringBuilder refs = new StringBuilder();
    for (String r : requesters) {
      refs.append(refs.isEmpty() ? "" : ",").append("\"user:").append(r).append('"');
    }
    Http.Response manual = http.post("/v1/access-flows", adminToken, """
        {"name":"a-manual","requesters":[%s],
         "resources":[{"kind":"path","integration":"prod","database":"orders"}],
         "permissions":["read"],"maxDuration":"8h","justificationRequired":false,
         "approval":{"kind":"manual","resourceOwners":false,"approvers":["user:%s"],"minApprovals":1}}"""
        .formatted(refs, approverUser));
    assertThat(manual.status()).as("manual flow: %s", manual).isEqualTo(201);
    Http.Response auto = http.post("/v1/access-flows", adminToken, """
        {"name":"b-auto","requesters":[%s],
         "resources":[{"kind":"path","integration":"prod","database":"billing"}],
         "permissions":["read"],"maxDuration":"1d","approval":{"kind":"automatic"}}"""
        .formatted(refs));
    assertThat(auto.status()).as("automatic flow: %s", auto).isEqualTo(201);
  }

  /**
   * Cancels the pending requests of the caller of {@code token} (a requester may have one pending
   * request per database and permission); does nothing when the token is not valid.
   */
  void cancelPending(String token) {
    Http.Response me = http.get("/v1/me", token);
    if (me.status() != 200) {
      return;
    }
    String principal = me.json().path("principal").asText();
    Http.Response pending = http.get("/v1/access-requests?state=pending&requester="
        + PathText.segment(principal), token);
    for (String id : pending.json().path("items").findValuesAsText("id")) {
      Http.Response cancelled = http.post("/v1/access-requests/" + id + "/cancel", token, null);
      assertThat(cancelled.status()).as("cancel %s: %s", id, cancelled).isEqualTo(200);
    }
  }

  /** A pending request of the caller of {@code token} for orders (earlier ones cancelled); returns its id. */
  String pendingRequest(String token) {
    cancelPending(token);
    Http.Response r = http.post("/v1/access-requests", token,
        "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":\"read\",\"duration\":\"1h\",\"reason\":\"test\"}");
    assertThat(r.status()).as("request: %s", r).isEqualTo(201);
    assertThat(r.json().path("state").asText()).isEqualTo("pending");
    return r.json().path("id").asText();
  }

  /** An active grant of the caller of {@code token} for billing (automatic flow); returns its id. */
  String activeGrant(String token) {
    Http.Response r = http.post("/v1/access-requests", token,
        "{\"integration\":\"prod\",\"database\":\"billing\",\"permission\":\"read\",\"duration\":\"2h\"}");
    assertThat(r.status()).as("request: %s", r).isEqualTo(201);
    assertThat(r.json().path("state").asText()).isEqualTo("approved");
    return r.json().path("grantId").asText();
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
