package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.EntityKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole request → approve → credentials flow over HTTP, and the rule that secrets appear only in
 * the one-time responses that issue them.
 */
class AccessFlowHttpTest {
  private ApiFixture api;
  private final List<Http.Response> seen = new ArrayList<>();

  @BeforeEach
  void start() {
    api = ApiFixture.sqlite();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Http.Response record(Http.Response r) {
    seen.add(r);
    return r;
  }

  @Test
  void requestApproveCredentialsExtendRevoke() {
    String alice = api.user("alice", "requester");
    String bob = api.user("bob", "approver");
    api.integrationAndFlows("bob", "alice");

    Http.Response created = record(api.http.post("/v1/access-requests", alice,
        "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":\"read\",\"duration\":\"2h\",\"reason\":\"INC-42\"}"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonNode request = created.json();
    String requestId = request.path("id").asText();
    assertThat(request.path("state").asText()).isEqualTo("pending");
    assertThat(request.path("duration").asText()).isEqualTo("2h");
    assertThat(request.path("flow").asText()).isEqualTo("a-manual");
    assertThat(created.location()).isEqualTo("/v1/access-requests/" + requestId);

    Http.Response pending = record(api.http.get("/v1/access-requests?state=pending", bob));
    assertThat(pending.json().path("items").findValuesAsText("id")).containsExactly(requestId);

    Http.Response selfApproval = record(api.http.post("/v1/access-requests/" + requestId + "/approve", alice, null));
    assertThat(selfApproval.status()).as("%s", selfApproval).isEqualTo(403);

    Http.Response approved = record(api.http.post("/v1/access-requests/" + requestId + "/approve", bob,
        "{\"comment\":\"ok for INC-42\"}"));
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    assertThat(approved.json().path("state").asText()).isEqualTo("approved");
    String grantId = approved.json().path("grantId").asText();
    assertThat(grantId).isNotEmpty();

    Http.Response again = record(api.http.post("/v1/access-requests/" + requestId + "/approve", bob, null));
    assertThat(again.status()).as("approving a decided request: %s", again).isEqualTo(409);

    Http.Response grant = record(api.http.get("/v1/grants/" + grantId, alice));
    assertThat(grant.status()).isEqualTo(200);
    assertThat(grant.json().path("state").asText()).isEqualTo("active");
    assertThat(grant.json().path("principal").asText()).isEqualTo("alice");

    Http.Response me = record(api.http.get("/v1/me", alice));
    assertThat(me.json().path("principal").asText()).isEqualTo("alice");
    assertThat(me.json().path("activeGrants").findValuesAsText("id")).containsExactly(grantId);

    Http.Response credentials = api.http.post("/v1/grants/" + grantId + "/credentials", alice, null);
    assertThat(credentials.status()).as("%s", credentials).isEqualTo(201);
    JsonNode issued = credentials.json();
    String password = issued.path("password").asText();
    assertThat(password).hasSizeGreaterThanOrEqualTo(32);
    assertThat(issued.path("grant").path("id").asText()).isEqualTo(grantId);
    assertThat(issued.path("connection").path("host").asText()).isEqualTo("proxy.example");
    assertThat(issued.path("connection").path("port").asInt()).isEqualTo(6432);
    assertThat(issued.path("connection").path("database").asText()).isEqualTo("prod/orders");
    assertThat(issued.path("connection").path("user").asText()).isEqualTo("alice");
    assertThat(issued.path("psql").asText())
        .isEqualTo("psql \"host=proxy.example port=6432 dbname=prod/orders user=alice sslmode=verify-full\"");
    String verifier = api.store.credential(grantId).orElseThrow().verifier();
    assertThat(credentials.body()).doesNotContain(verifier).doesNotContain("verifier");

    Http.Response reissued = api.http.post("/v1/grants/" + grantId + "/credentials", alice, null);
    assertThat(reissued.status()).isEqualTo(201);
    assertThat(reissued.json().path("password").asText()).isNotEqualTo(password);
    String newVerifier = api.store.credential(grantId).orElseThrow().verifier();
    assertThat(newVerifier).isNotEqualTo(verifier);

    Http.Response extension = record(api.http.post("/v1/grants/" + grantId + "/extend", alice,
        "{\"duration\":\"1h\",\"reason\":\"still on it\"}"));
    assertThat(extension.status()).as("%s", extension).isEqualTo(201);
    assertThat(extension.json().path("kind").asText()).isEqualTo("extension");
    assertThat(extension.json().path("extendsGrant").asText()).isEqualTo(grantId);

    Http.Response revoked = record(api.http.post("/v1/grants/" + grantId + "/revoke", bob, "{\"reason\":\"done\"}"));
    assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
    assertThat(revoked.json().path("state").asText()).isEqualTo("revoked");
    Http.Response afterRevoke = record(api.http.post("/v1/grants/" + grantId + "/credentials", alice, null));
    assertThat(afterRevoke.status()).as("%s", afterRevoke).isEqualTo(409);

    Http.Response grants = record(api.http.get("/v1/grants?principal=alice&state=revoked&integration=prod&database=orders&limit=5", bob));
    assertThat(grants.json().path("items").findValuesAsText("id")).containsExactly(grantId);

    for (Http.Response r : seen) {
      assertThat(r.body()).as("no password, verifier or hash in %s", r)
          .doesNotContain(password).doesNotContain(verifier).doesNotContain(newVerifier)
          .doesNotContain("\"password\"").doesNotContain("\"verifier\"");
    }
  }

  @Test
  void automaticFlowApprovesAtOnceAndCredentialsOmitConnectionWithoutProxyEndpoint() {
    api.close();
    api = ApiFixture.sqlite(AdminApiSettings.of("127.0.0.1", 0));
    String carol = api.user("carol", "requester");
    api.user("dave", "approver");
    api.integrationAndFlows("dave", "carol");

    Http.Response created = api.http.post("/v1/access-requests", carol,
        "{\"integration\":\"prod\",\"database\":\"billing\",\"permission\":\"read\",\"duration\":\"PT30M\"}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().path("state").asText()).isEqualTo("approved");
    assertThat(created.json().path("duration").asText()).isEqualTo("30m");
    String grantId = created.json().path("grantId").asText();

    Http.Response credentials = api.http.post("/v1/grants/" + grantId + "/credentials", carol, null);
    assertThat(credentials.status()).as("%s", credentials).isEqualTo(201);
    assertThat(credentials.json().path("password").asText()).isNotEmpty();
    assertThat(credentials.json().has("connection")).isFalse();
    assertThat(credentials.json().has("psql")).isFalse();
  }

  @Test
  void tokenSecretsAndHashesNeverLeaveTheCreateResponse() {
    api.user("erin", "auditor");
    Http.Response created = api.http.post("/v1/tokens", api.adminToken,
        "{\"principal\":\"erin\",\"name\":\"ci\",\"ttl\":\"30d\"}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String secret = created.json().path("secret").asText();
    assertThat(secret).startsWith("jgt_");
    assertThat(created.json().path("token").has("hash")).isFalse();
    assertThat(created.json().path("token").path("principal").asText()).isEqualTo("erin");

    Http.Response list = api.http.get("/v1/tokens?principal=erin", secret);
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    assertThat(list.json().path("items").findValuesAsText("name")).contains("ci");
    List<String> hashes = api.store.list(EntityKind.TOKEN).stream()
        .map(ApiToken.class::cast).map(ApiToken::hash).toList();
    for (Http.Response r : List.of(list, api.http.get("/v1/tokens", api.adminToken), api.http.get("/v1/me", secret),
        api.http.get("/v1/principals/erin", api.adminToken))) {
      assertThat(r.body()).doesNotContain(secret).doesNotContain("\"hash\"");
      for (String hash : hashes) {
        assertThat(r.body()).doesNotContain(hash);
      }
    }

    Http.Response me = api.http.get("/v1/me", secret);
    assertThat(me.json().path("principal").asText()).isEqualTo("erin");
    assertThat(me.json().path("roles").toString()).contains("auditor");
  }
}
