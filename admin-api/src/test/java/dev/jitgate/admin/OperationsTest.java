package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Health, readiness, metrics, the public OpenAPI route, binding and shutdown. */
class OperationsTest {

  @Test
  void healthAndReadinessArePublic() {
    try (ApiFixture api = ApiFixture.sqlite()) {
      Http.Response health = api.http.get("/healthz", null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().path("status").asText()).isEqualTo("ok");

      Http.Response ready = api.http.get("/readyz", null);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    }
  }

  @Test
  void notReadyWhenTheStoreDoesNotAnswer() {
    try (ApiFixture api = ApiFixture.sqlite()) {
      api.store.close();
      Http.Response ready = api.http.get("/readyz", null);
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.isProblem()).isTrue();
      assertThat(ready.json().path("type").asText()).isEqualTo("https://jitgate.dev/problems/unavailable");
      assertThat(api.http.get("/healthz", null).status()).isEqualTo(200);

      Http.Response storeDown = api.http.get("/v1/integrations", api.adminToken);
      assertThat(storeDown.status()).as("%s", storeDown).isIn(401, 503);
      assertThat(storeDown.isProblem()).isTrue();
    }
  }

  @Test
  void metricsCountRequestsByRouteTemplateNotRawPath() {
    try (ApiFixture api = ApiFixture.sqlite()) {
      api.http.get("/v1/grants/some-raw-id-123", api.adminToken);
      api.http.get("/v1/no-such-route/xyz-789", api.adminToken);
      api.http.get("/v1/me", null);
      api.http.send("BREW", "/v1/me", null, null, null);

      Http.Response metrics = api.http.get("/metrics", null);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body())
          .contains("jitgate_admin_requests_seconds_count{method=\"GET\",route=\"/v1/grants/{id}\",status=\"404\"} 1")
          .contains("jitgate_admin_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")
          .contains("jitgate_admin_requests_seconds_count{method=\"GET\",route=\"/v1/me\",status=\"401\"} 1")
          .contains("method=\"OTHER\"")
          .doesNotContain("BREW")
          .doesNotContain("some-raw-id-123")
          .doesNotContain("xyz-789");
    }
  }

  @Test
  void theOpenApiDocumentIsPublicButTheRestOfV1IsNot() {
    try (ApiFixture api = ApiFixture.sqlite()) {
      Http.Response doc = api.http.get("/v1/openapi.yaml", null);
      assertThat(doc.status()).isEqualTo(200);
      assertThat(doc.body()).startsWith("openapi: 3.1.0");
      Http.Response me = api.http.get("/v1/me", null);
      assertThat(me.status()).isEqualTo(401);
      assertThat(me.wwwAuthenticate()).isEqualTo("Bearer realm=\"jitgate\"");
    }
  }

  @Test
  void headIsServedByTheGetRouteWithItsAccessLevel() {
    try (ApiFixture api = ApiFixture.sqlite()) {
      assertThat(api.http.send("HEAD", "/healthz", null, null, null).status()).isEqualTo(200);
      assertThat(api.http.send("HEAD", "/v1/me", null, null, null).status()).isEqualTo(401);
      assertThat(api.http.send("HEAD", "/v1/me", api.adminToken, null, null).status()).isEqualTo(200);
    }
  }

  @Test
  void errorsJettyAnswersItselfAreProblemsToo() throws Exception {
    try (ApiFixture api = ApiFixture.sqlite()) {
      String badUri = rawExchange(api.server.port(), "GET /v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(badUri).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
          .contains("\"status\":400").doesNotContain("<html");

      Http.Response hugeHeader = api.http.get("/v1/me", "jgt_" + "a".repeat(20_000));
      assertThat(hugeHeader.status()).isEqualTo(431);
      assertThat(hugeHeader.isProblem()).isTrue();
    }
  }

  private static String rawExchange(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void bindsTheConfiguredLoopbackAddressAndReleasesThePortOnClose() throws Exception {
    ApiFixture api = ApiFixture.sqlite();
    int port = api.server.port();
    assertThat(port).isPositive();
    assertThat(api.server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + port);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      assertThat(socket.isConnected()).isTrue();
    }

    api.close();

    assertThatThrownBy(() -> api.http.get("/healthz", null)).isInstanceOf(UncheckedIOException.class);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port));
      assertThat(again.isBound()).isTrue();
    }
  }
}
