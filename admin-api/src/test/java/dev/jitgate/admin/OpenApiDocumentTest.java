package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /v1/openapi.yaml} against the routes registered in the running
 * Javalin app: the same (method, path) pairs, bearer security exactly on the authenticated routes, and
 * a problem+json 4xx answer on every authenticated operation.
 */
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static ApiFixture api;
  private static JsonNode document;

  @BeforeAll
  static void start() throws Exception {
    api = ApiFixture.sqlite();
    Http.Response served = api.http.get("/v1/openapi.yaml", null);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.contentType()).startsWith("application/yaml");
    document = new ObjectMapper(new YAMLFactory()).readTree(served.body());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Set<String> documented() {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (METHODS.contains(key)) {
          operations.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    return operations;
  }

  private static Set<String> registered(RouteAccess access) {
    Set<String> routes = new TreeSet<>();
    for (AdminApiServer.RegisteredRoute r : api.server.routes()) {
      if (access == null || r.access() == access) {
        routes.add(r.method().name() + " " + r.path());
      }
    }
    return routes;
  }

  @Test
  void isOpenApi31() {
    assertThat(document.path("openapi").asText()).startsWith("3.1.");
    assertThat(document.path("components").path("securitySchemes").path("bearerAuth").path("scheme").asText())
        .isEqualTo("bearer");
  }

  @Test
  void documentsExactlyTheRegisteredRoutes() {
    Set<String> registered = registered(null);
    Set<String> documented = documented();

    Set<String> undocumented = new TreeSet<>(registered);
    undocumented.removeAll(documented);
    Set<String> unserved = new TreeSet<>(documented);
    unserved.removeAll(registered);
    assertThat(undocumented).as("routes missing from openapi.yaml").isEmpty();
    assertThat(unserved).as("documented operations without a route").isEmpty();
    assertThat(registered).hasSizeGreaterThan(30);
  }

  @Test
  void securityMatchesTheRouteAccess() {
    Set<String> publicRoutes = registered(RouteAccess.PUBLIC);
    assertThat(publicRoutes).containsExactlyInAnyOrder(
        "GET /healthz", "GET /readyz", "GET /metrics", "GET /v1/openapi.yaml");
    Set<String> declaredPublic = new HashSet<>();
    forEachOperation((key, op) -> {
      assertThat(op.has("security")).as("%s declares security", key).isTrue();
      JsonNode security = op.path("security");
      if (security.isEmpty()) {
        declaredPublic.add(key);
      } else {
        assertThat(security.get(0).has("bearerAuth")).as("%s uses bearerAuth", key).isTrue();
      }
    });
    assertThat(declaredPublic).isEqualTo(publicRoutes);
  }

  @Test
  void everyAuthenticatedOperationDeclaresA4xxProblem() {
    forEachOperation((key, op) -> {
      if (op.path("security").isEmpty()) {
        return;
      }
      boolean problem4xx = false;
      for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
        JsonNode resolved = resolve(response.getValue());
        if (response.getKey().startsWith("4") && resolved.path("content").has("application/problem+json")) {
          problem4xx = true;
        }
      }
      assertThat(problem4xx).as("%s declares a 4xx application/problem+json response", key).isTrue();
      assertThat(op.path("responses").has("401")).as("%s declares 401", key).isTrue();
    });
  }

  @Test
  void everyErrorResponseIsAProblemAndEveryReferenceResolves() {
    forEachOperation((key, op) -> {
      for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
        JsonNode resolved = resolve(response.getValue());
        assertThat(resolved.isMissingNode()).as("%s %s resolves", key, response.getKey()).isFalse();
        if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
          assertThat(resolved.path("content").has("application/problem+json"))
              .as("%s %s is problem+json", key, response.getKey()).isTrue();
        }
      }
      JsonNode body = op.path("requestBody");
      if (!body.isMissingNode()) {
        JsonNode schema = body.path("content").path("application/json").path("schema");
        assertThat(resolve(schema).isMissingNode()).as("%s request body schema", key).isFalse();
      }
    });
    assertAllReferencesResolve(document);
  }

  private void assertAllReferencesResolve(JsonNode node) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        assertThat(resolve(node).isMissingNode()).as("$ref %s resolves", ref.asText()).isFalse();
      }
      node.elements().forEachRemaining(this::assertAllReferencesResolve);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(this::assertAllReferencesResolve);
    }
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    String pointer = ref.asText();
    assertThat(pointer).startsWith("#/");
    return document.at(pointer.substring(1));
  }

  private interface OperationCheck {
    void check(String key, JsonNode operation);
  }

  private static void forEachOperation(OperationCheck check) {
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (METHODS.contains(op.getKey())) {
          check.check(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
        }
      }
    }
  }
}
