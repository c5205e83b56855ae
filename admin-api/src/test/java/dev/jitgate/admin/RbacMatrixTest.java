package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.service.TokenSecrets;
import dev.jitgate.access.store.ChangeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RBAC matrix over real HTTP: every representative route called by an admin, an approver, a
 * requester, an auditor, and without valid credentials. The expected statuses are written from the
 * rules in {@link dev.jitgate.access.service.AccessService}'s Javadoc, not taken from the code: admins
 * hold every role, but rules that depend on the caller's relation to the target are not roles and bind
 * admins too (only the requester cancels, only an eligible approver decides, only the holder extends
 * and gets credentials); a target the caller may not see is 404 ({@code RejectionCode.NOT_FOUND}). The audit
 * trail is read by auditors and admins only, and written by nobody.
 */
class RbacMatrixTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String AUDITED_SESSION = "s-matrix";
  private static AuditTrail trail;
  private static ApiFixture api;
  private static String approverToken;
  private static String requesterToken;
  private static String auditorToken;

  /** Who calls. */
  enum Caller { ADMIN, APPROVER, REQUESTER, AUDITOR, NO_TOKEN, UNKNOWN_TOKEN, EXPIRED_TOKEN, REVOKED_TOKEN, NOT_A_TOKEN }

  /**
   * One call: method, path and body.
   */
  record Call(String method, String path, String body) {}

  /**
   * One row of the matrix: how to build the call (fresh targets per call) and the expected status for
   * each role.
   */
  record Row(String name, BiFunction<ApiFixture, String, Call> call, int admin, int approver, int requester, int auditor,
      int anonymous) {
    /** A row of a route that exists: callers without valid credentials get 401. */
    Row(String name, BiFunction<ApiFixture, String, Call> call, int admin, int approver, int requester, int auditor) {
      this(name, call, admin, approver, requester, auditor, 401);
    }

    int expected(Caller caller) {
      return switch (caller) {
        case ADMIN -> admin;
        case APPROVER -> approver;
        case REQUESTER -> requester;
        case AUDITOR -> auditor;
        case NO_TOKEN, UNKNOWN_TOKEN, EXPIRED_TOKEN, REVOKED_TOKEN, NOT_A_TOKEN -> anonymous;
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static String fresh(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  private static Call call(String method, String path, String body) {
    return new Call(method, path, body);
  }

  private static String integrationJson(String name) {
    return """
        {"name":"%s","location":{"kind":"host","host":"127.0.0.1","port":1},"databases":["orders"],
         "connector":{"user":"jitgate","auth":"password","secret":"env:PG_PASS"},"sslMode":"disable"}"""
        .formatted(name);
  }

  private static String freshIntegration(ApiFixture a) {
    String name = fresh("int");
    Http.Response r = a.http.post("/v1/integrations", a.adminToken, integrationJson(name));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return name;
  }

  static List<Row> rows() {
    return List.of(
        new Row("GET /v1/me", (a, t) -> call("GET", "/v1/me", null), 200, 200, 200, 200),
        new Row("GET /v1/integrations", (a, t) -> call("GET", "/v1/integrations", null), 200, 200, 200, 200),
        new Row("GET /v1/integrations/{name}", (a, t) -> call("GET", "/v1/integrations/prod", null), 200, 200, 200, 200),
        new Row("POST /v1/integrations",
            (a, t) -> call("POST", "/v1/integrations", integrationJson(fresh("new"))), 201, 403, 403, 403),
        new Row("PUT /v1/integrations/{name}",
            (a, t) -> call("PUT", "/v1/integrations/prod", integrationJson("prod")
                .replace("\"databases\":[\"orders\"]", "\"databases\":[\"orders\",\"billing\"]")), 200, 403, 403, 403),
        new Row("DELETE /v1/integrations/{name}",
            (a, t) -> call("DELETE", "/v1/integrations/" + freshIntegration(a), null), 204, 403, 403, 403),
        new Row("POST /v1/integrations/{name}/test",
            (a, t) -> call("POST", "/v1/integrations/prod/test", null), 200, 403, 403, 403),
        new Row("GET /v1/resources",
            (a, t) -> call("GET", "/v1/resources?integration=prod", null), 200, 200, 403, 200),
        new Row("PUT /v1/resources",
            (a, t) -> call("PUT", "/v1/resources", "{\"integration\":\"prod\",\"database\":\"orders\",\"tags\":{\"owner\":\"dba\"}}"),
            200, 403, 403, 403),
        new Row("GET /v1/principals", (a, t) -> call("GET", "/v1/principals", null), 200, 200, 403, 200),
        new Row("GET /v1/principals/{name} (another user)",
            (a, t) -> call("GET", "/v1/principals/appr", null), 200, 200, 403, 200),
        new Row("PUT /v1/principals/{name}",
            (a, t) -> call("PUT", "/v1/principals/dba", "{\"name\":\"dba\",\"kind\":\"group\",\"roles\":[\"approver\"]}"),
            200, 403, 403, 403),
        new Row("GET /v1/access-flows", (a, t) -> call("GET", "/v1/access-flows", null), 200, 200, 200, 200),
        new Row("POST /v1/access-flows",
            (a, t) -> call("POST", "/v1/access-flows", """
                {"name":"%s","requesters":["user:req"],"resources":[{"kind":"path","integration":"prod","database":"*"}],
                 "permissions":["read"],"maxDuration":"1h","approval":{"kind":"automatic"}}""".formatted(fresh("flow"))),
            201, 403, 403, 403),
        new Row("POST /v1/access-requests",
            (a, t) -> cancelPendingThenCall(a, t, "POST", "/v1/access-requests",
                "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":\"read\",\"duration\":\"1h\"}"),
            201, 403, 201, 403),
        new Row("GET /v1/access-requests", (a, t) -> call("GET", "/v1/access-requests", null), 200, 200, 200, 200),
        new Row("GET /v1/access-requests/{id} (the requester's)",
            (a, t) -> call("GET", "/v1/access-requests/" + a.pendingRequest(requesterToken), null), 200, 200, 200, 200),
        new Row("GET /v1/access-requests/{id} (someone else's)",
            (a, t) -> call("GET", "/v1/access-requests/" + a.pendingRequest(a.adminToken), null), 200, 200, 404, 200),
        new Row("POST /v1/access-requests/{id}/approve",
            (a, t) -> call("POST", "/v1/access-requests/" + a.pendingRequest(requesterToken) + "/approve", "{\"comment\":\"ok\"}"),
            403, 200, 403, 403),
        new Row("POST /v1/access-requests/{id}/deny",
            (a, t) -> call("POST", "/v1/access-requests/" + a.pendingRequest(requesterToken) + "/deny", null),
            403, 200, 403, 403),
        new Row("POST /v1/access-requests/{id}/cancel",
            (a, t) -> call("POST", "/v1/access-requests/" + a.pendingRequest(requesterToken) + "/cancel", null),
            403, 403, 200, 403),
        new Row("GET /v1/grants", (a, t) -> call("GET", "/v1/grants", null), 200, 200, 200, 200),
        new Row("GET /v1/grants/{id} (the requester's)",
            (a, t) -> call("GET", "/v1/grants/" + a.activeGrant(requesterToken), null), 200, 200, 200, 200),
        new Row("POST /v1/grants/{id}/revoke",
            (a, t) -> call("POST", "/v1/grants/" + a.activeGrant(requesterToken) + "/revoke", "{\"reason\":\"done\"}"),
            200, 200, 200, 403),
        new Row("POST /v1/grants/{id}/extend",
            (a, t) -> call("POST", "/v1/grants/" + a.activeGrant(requesterToken) + "/extend", "{\"duration\":\"30m\"}"),
            403, 403, 201, 403),
        new Row("POST /v1/grants/{id}/credentials",
            (a, t) -> call("POST", "/v1/grants/" + a.activeGrant(requesterToken) + "/credentials", null),
            403, 403, 201, 403),
        new Row("POST /v1/tokens (for the requester)",
            (a, t) -> call("POST", "/v1/tokens", "{\"principal\":\"req\",\"name\":\"x\",\"ttl\":\"1h\"}"),
            201, 403, 201, 403),
        new Row("GET /v1/tokens", (a, t) -> call("GET", "/v1/tokens", null), 200, 200, 200, 200),
        // The Javadoc lets approvers and auditors read others' tokens, so refusing them a revocation would
        // be 403; the service treats others' tokens as invisible to non-admins and answers 404 (reported).
        new Row("DELETE /v1/tokens/{id} (the requester's)",
            (a, t) -> call("DELETE", "/v1/tokens/" + requesterTokenId(a), null), 204, 404, 204, 404),
        // The audit trail: auditors and admins read it; nobody writes it (no write routes, so 405 even
        // before authentication).
        new Row("GET /v1/audit/sessions", (a, t) -> call("GET", "/v1/audit/sessions", null), 200, 403, 403, 200),
        new Row("GET /v1/audit/sessions/{id}",
            (a, t) -> call("GET", "/v1/audit/sessions/" + AUDITED_SESSION, null), 200, 403, 403, 200),
        new Row("GET /v1/audit/statements",
            (a, t) -> call("GET", "/v1/audit/statements?q=invoices", null), 200, 403, 403, 200),
        new Row("GET /v1/audit/export", (a, t) -> call("GET", "/v1/audit/export", null), 200, 403, 403, 200),
        new Row("GET /v1/audit/verify", (a, t) -> call("GET", "/v1/audit/verify", null), 200, 403, 403, 200),
        new Row("POST /v1/audit/sessions", (a, t) -> call("POST", "/v1/audit/sessions", "{}"),
            405, 405, 405, 405, 405),
        new Row("PUT /v1/audit/sessions/{id}",
            (a, t) -> call("PUT", "/v1/audit/sessions/" + AUDITED_SESSION, "{}"), 405, 405, 405, 405, 405),
        new Row("DELETE /v1/audit/sessions/{id}",
            (a, t) -> call("DELETE", "/v1/audit/sessions/" + AUDITED_SESSION, null), 405, 405, 405, 405, 405),
        new Row("POST /v1/audit/statements", (a, t) -> call("POST", "/v1/audit/statements", "{}"),
            405, 405, 405, 405, 405),
        new Row("DELETE /v1/audit/export", (a, t) -> call("DELETE", "/v1/audit/export", null),
            405, 405, 405, 405, 405),
        new Row("POST /v1/audit/verify", (a, t) -> call("POST", "/v1/audit/verify", null),
            405, 405, 405, 405, 405));
  }

  private static Call cancelPendingThenCall(ApiFixture a, String token, String method, String path, String body) {
    a.cancelPending(token);
    return call(method, path, body);
  }

  private static String requesterTokenId(ApiFixture a) {
    Http.Response r = a.http.post("/v1/tokens", a.adminToken, "{\"principal\":\"req\",\"name\":\"victim\",\"ttl\":\"1h\"}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("token").path("id").asText();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> args = new ArrayList<>();
    for (Row row : rows()) {
      for (Caller caller : Caller.values()) {
        args.add(Arguments.of(row, caller));
      }
    }
    return args.stream();
  }

  @BeforeAll
  static void start() {
    trail = AuditTrail.open();
    trail.session(AUDITED_SESSION, "req", "prod", "orders", Instant.now().minusSeconds(600))
        .start("10.0.0.5", 50123, "psql")
        .ok("SELECT * FROM invoices", "SELECT 1", 1L)
        .end()
        .ingest();
    api = ApiFixture.withAudit(trail.store, AuditRoutes.EXPORT_PAGE_SIZE);
    approverToken = api.user("appr", "approver");
    requesterToken = api.user("req", "requester");
    auditorToken = api.user("aud", "auditor");
    api.integrationAndFlows("appr", "req", "admin");
  }

  @AfterAll
  static void stop() {
    api.close();
    trail.close();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("matrix")
  void answersAsTheRulesSay(Row row, Caller caller) {
    String token = tokenOf(caller);
    Call call = row.call().apply(api, token);
    Http.Response response = api.http.send(call.method(), call.path(), token, call.body(),
        call.body() == null ? null : "application/json");

    int expected = row.expected(caller);
    assertThat(response.status()).as("%s as %s: %s", row, caller, response).isEqualTo(expected);
    if (expected >= 400) {
      assertThat(response.isProblem()).as("problem+json: %s", response).isTrue();
      assertThat(response.json().path("status").asInt()).isEqualTo(expected);
    }
    if (expected == 401) {
      assertThat(response.wwwAuthenticate()).startsWith("Bearer");
      assertThat(response.json().path("detail").asText())
          .isIn("a bearer token is required", "invalid or expired token");
      if (token != null) {
        assertThat(response.wwwAuthenticate()).contains("error=\"invalid_token\"");
      }
    }
  }

  private static String tokenOf(Caller caller) {
    return switch (caller) {
      case ADMIN -> api.adminToken;
      case APPROVER -> approverToken;
      case REQUESTER -> requesterToken;
      case AUDITOR -> auditorToken;
      case NO_TOKEN -> null;
      case UNKNOWN_TOKEN -> TokenSecrets.TOKEN_PREFIX + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
      case EXPIRED_TOKEN -> expiredToken();
      case REVOKED_TOKEN -> revokedToken();
      case NOT_A_TOKEN -> "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
    };
  }

  /** A token of the admin whose expiry has passed, written to the store directly. */
  private static String expiredToken() {
    String secret = TokenSecrets.TOKEN_PREFIX + UUID.randomUUID().toString().replace("-", "") + "expired";
    Instant now = Instant.now();
    ApiToken token = new ApiToken(UUID.randomUUID().toString(), "admin", "expired", TokenSecrets.hash(secret),
        now.minusSeconds(7200), now.minusSeconds(60), false, 0);
    api.store.commit(ChangeSet.builder().put(token).build());
    return secret;
  }

  /** A token of the admin, revoked through the API. */
  private static String revokedToken() {
    Http.Response created = api.http.post("/v1/tokens", api.adminToken, "{\"name\":\"revoked\",\"ttl\":\"1h\"}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    Http.Response revoked = api.http.delete("/v1/tokens/" + created.json().path("token").path("id").asText(), api.adminToken);
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
    return created.json().path("secret").asText();
  }
}
