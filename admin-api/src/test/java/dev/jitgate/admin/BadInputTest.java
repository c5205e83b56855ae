package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over real HTTP: every case answers a 4xx problem+json naming the field where one is at
 * fault, never a 500.
 */
class BadInputTest {
  private static ApiFixture api;
  private static String requesterToken;
  private static String grantId;

  /**
   * One bad request.
   *
   * @param name what is wrong
   * @param method HTTP method
   * @param path path and query
   * @param contentType Content-Type, null for none
   * @param body the body, null for none
   * @param status the expected status
   * @param field the field the problem must name, null when none
   */
  record Case(String name, String method, String path, String contentType, String body, int status, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String FLOW_OK = """
      {"name":"f1","requesters":["user:req"],"resources":[{"kind":"path","integration":"prod","database":"*"}],
       "permissions":["read"],"maxDuration":"1h","approval":{"kind":"automatic"}}""";
  private static final String REQUEST = "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":\"read\",\"duration\":%s}";

  private static Case json(String name, String method, String path, String body, int status, String field) {
    return new Case(name, method, path, "application/json", body, status, field);
  }

  static Stream<Case> adminCases() {
    return Stream.of(
        json("malformed JSON", "POST", "/v1/integrations", "{\"name\": ", 400, null),
        json("not an object", "POST", "/v1/access-flows", "[1,2]", 400, null),
        json("JSON null", "POST", "/v1/access-flows", "null", 400, null),
        json("trailing garbage", "POST", "/v1/access-flows", FLOW_OK + " {}", 400, null),
        json("unknown field", "POST", "/v1/access-flows", FLOW_OK.replace("\"name\":\"f1\"", "\"name\":\"f1\",\"bogus\":1"), 400, "bogus"),
        json("unknown nested field", "POST", "/v1/access-flows",
            FLOW_OK.replace("{\"kind\":\"automatic\"}", "{\"kind\":\"automatic\",\"extra\":true}"), 400, "approval.extra"),
        json("wrong type: string for int", "POST", "/v1/integrations", """
            {"name":"x","location":{"kind":"host","host":"h","port":"abc"},"databases":["d"],
             "connector":{"user":"u","auth":"iam"}}""", 400, "location.port"),
        json("wrong type: object for list", "POST", "/v1/access-flows", FLOW_OK.replace("[\"read\"]", "{\"a\":1}"), 400, "permissions"),
        json("wrong type: number for enum", "PUT", "/v1/principals/x", "{\"name\":\"x\",\"kind\":1}", 400, "kind"),
        json("invalid enum value", "PUT", "/v1/principals/x", "{\"name\":\"x\",\"kind\":\"robot\"}", 400, "kind"),
        json("unknown kind", "POST", "/v1/access-flows", FLOW_OK.replace("\"automatic\"", "\"sometimes\""), 400, "approval.kind"),
        json("missing required field", "POST", "/v1/integrations", """
            {"name":"x","databases":["d"],"connector":{"user":"u","auth":"iam"}}""", 400, "location"),
        json("invalid value in a nested record", "POST", "/v1/integrations", """
            {"name":"x","location":{"kind":"host","host":"h","port":70000},"databases":["d"],
             "connector":{"user":"u","auth":"iam"}}""", 400, "location.port"),
        json("invalid list element", "POST", "/v1/access-flows", FLOW_OK.replace("[\"read\"]", "[\"Read Me\"]"), 400, "permissions[0]"),
        json("invalid duration 2x", "POST", "/v1/access-flows", FLOW_OK.replace("\"1h\"", "\"2x\""), 400, "maxDuration"),
        json("invalid duration -1h", "POST", "/v1/access-flows", FLOW_OK.replace("\"1h\"", "\"-1h\""), 400, "maxDuration"),
        json("invalid duration 0s", "POST", "/v1/access-flows", FLOW_OK.replace("\"1h\"", "\"0s\""), 400, "maxDuration"),
        json("duration as a number", "POST", "/v1/access-flows", FLOW_OK.replace("\"1h\"", "3600"), 400, "maxDuration"),
        json("token ttl -1h", "POST", "/v1/tokens", "{\"name\":\"x\",\"ttl\":\"-1h\"}", 400, "ttl"),
        json("name differs from the path", "PUT", "/v1/integrations/prod", """
            {"name":"other","location":{"kind":"host","host":"h","port":1},"databases":["d"],
             "connector":{"user":"u","auth":"iam"}}""", 400, "name"),
        json("deeply nested JSON", "POST", "/v1/access-flows", "[".repeat(3000) + "]".repeat(3000), 400, null),
        new Case("missing body", "POST", "/v1/integrations", null, null, 400, null),
        new Case("wrong content type", "POST", "/v1/integrations", "text/plain", "{}", 415, null),
        new Case("no content type", "PUT", "/v1/resources", null, "{}", 415, null),
        json("oversized body", "POST", "/v1/integrations", "{\"accessDetails\":\"" + "x".repeat(100 * 1024) + "\"}", 413, null),
        new Case("invalid enum in query", "GET", "/v1/access-requests?state=bogus", null, null, 400, "state"),
        new Case("invalid grant state in query", "GET", "/v1/grants?state=gone", null, null, 400, "state"),
        new Case("limit 0", "GET", "/v1/access-requests?limit=0", null, null, 400, "limit"),
        new Case("limit 1001", "GET", "/v1/grants?limit=1001", null, null, 400, "limit"),
        new Case("limit not a number", "GET", "/v1/grants?limit=ten", null, null, 400, "limit"),
        new Case("missing required query parameter", "GET", "/v1/resources", null, null, 400, "integration"),
        new Case("unknown route", "GET", "/v1/nothing-here", null, null, 404, null),
        new Case("unknown route outside /v1", "GET", "/admin", null, null, 404, null),
        new Case("unknown id", "GET", "/v1/grants/no-such-grant", null, null, 404, null),
        new Case("wrong method", "DELETE", "/v1/me", null, null, 405, null),
        new Case("wrong method on a collection", "PATCH", "/v1/integrations", null, null, 405, null));
  }

  static Stream<Case> requesterCases() {
    return Stream.of(
        json("request duration 2x", "POST", "/v1/access-requests", REQUEST.formatted("\"2x\""), 400, "duration"),
        json("request duration -1h", "POST", "/v1/access-requests", REQUEST.formatted("\"-1h\""), 400, "duration"),
        json("request duration 0s", "POST", "/v1/access-requests", REQUEST.formatted("\"0s\""), 400, "duration"),
        json("request duration missing", "POST", "/v1/access-requests",
            "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":\"read\"}", 400, "duration"),
        json("request permission as a number", "POST", "/v1/access-requests",
            "{\"integration\":\"prod\",\"database\":\"orders\",\"permission\":5,\"duration\":\"1h\"}", 400, "permission"),
        json("request unknown field", "POST", "/v1/access-requests",
            REQUEST.formatted("\"1h\"").replace("}", ",\"priority\":\"high\"}"), 400, "priority"),
        json("approve body with unknown field", "POST", "/v1/access-requests/x/approve", "{\"note\":\"hi\"}", 400, "note"),
        new Case("missing extension body", "POST", "/v1/grants/%s/extend", null, null, 400, null),
        json("extension duration 2x", "POST", "/v1/grants/%s/extend", "{\"duration\":\"2x\"}", 400, "duration"),
        json("extension duration 0s", "POST", "/v1/grants/%s/extend", "{\"duration\":\"0s\"}", 400, "duration"));
  }

  @BeforeAll
  static void start() {
    api = ApiFixture.sqlite();
    requesterToken = api.user("req", "requester");
    api.user("appr", "approver");
    api.integrationAndFlows("appr", "req");
    grantId = api.activeGrant(requesterToken);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminCases")
  void adminInputIsRefused(Case c) {
    check(c, api.adminToken);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requesterCases")
  void requesterInputIsRefused(Case c) {
    check(c, requesterToken);
  }

  @Test
  void refusedInputChangesNothing() {
    Http.Response flows = api.http.get("/v1/access-flows", api.adminToken);
    assertThat(flows.json().path("items").findValuesAsText("name")).containsExactlyInAnyOrder("a-manual", "b-auto");
  }

  private static void check(Case c, String token) {
    Http.Response r = api.http.send(c.method(), c.path().formatted(grantId), token, c.body(), c.contentType());
    assertThat(r.status()).as("%s: %s", c, r).isEqualTo(c.status());
    assertThat(r.isProblem()).as("problem+json: %s", r).isTrue();
    assertThat(r.json().path("status").asInt()).isEqualTo(c.status());
    assertThat(r.json().path("type").asText()).startsWith("https://jitgate.dev/problems/");
    assertThat(r.json().path("title").asText()).isNotBlank();
    assertThat(r.json().path("detail").asText()).isNotBlank();
    if (c.field() == null) {
      assertThat(r.json().has("field")).as("no field expected: %s", r).isFalse();
    } else {
      assertThat(r.json().path("field").asText()).as("field: %s", r).isEqualTo(c.field());
    }
    if (c.status() == 405) {
      assertThat(r.body()).contains("allowed");
    }
    assertThat(List.of(r.body())).noneMatch(b -> b.contains("Exception") || b.contains("at dev.jitgate"));
  }
}
