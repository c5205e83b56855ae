package dev.jitgate.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean serving = new AtomicBoolean(true);
  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsServer server;

  @BeforeEach
  void start() throws Exception {
    Counter.builder("jitgate.test.events").register(registry).increment(3);
    server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, serving::get);
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
    http.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsInPrometheusTextFormat() throws Exception {
    HttpResponse<String> response = send("GET", "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body()).contains("jitgate_test_events_total 3.0");
  }

  @Test
  void healthzFollowsServingState() throws Exception {
    assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
    serving.set(false);
    HttpResponse<String> draining = send("GET", "/healthz");
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(draining.body()).contains("shutting down");
  }

  @Test
  void headHasNoBody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/healthz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(send("GET", "/").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/metricsx").statusCode()).isEqualTo(404);
    HttpResponse<String> post = send("POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
  }
}
