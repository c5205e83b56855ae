package dev.jitgate.proxy.audit.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.proxy.config.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShipperConfigTest {

  private static final URI ENDPOINT = URI.create("https://auditor.internal:8443/v1/events");
  private static final Secret TOKEN = new Secret("tok-123");

  @Test
  void defaultsAreTheDocumentedOnes() {
    ShipperConfig config = ShipperConfig.defaults(ENDPOINT, TOKEN);

    assertThat(config.batchMaxRecords()).isEqualTo(1000);
    assertThat(config.batchMaxBytes()).isEqualTo(1 << 20);
    assertThat(config.maxDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.backoffInitial()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.backoffMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.gzipLevel()).isEqualTo(1);
    assertThat(config.toString()).doesNotContain("tok-123").contains("auditor.internal");
  }

  @Test
  void rejectsBadValuesNamingTheField() {
    assertThatThrownBy(() -> ShipperConfig.defaults(URI.create("ftp://auditor/v1/events"), TOKEN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shipper.endpoint");
    assertThatThrownBy(() -> ShipperConfig.defaults(URI.create("/v1/events"), TOKEN))
        .hasMessageContaining("shipper.endpoint");
    assertThatThrownBy(() -> ShipperConfig.defaults(URI.create("https://user:pw@auditor/v1/events"), TOKEN))
        .hasMessageContaining("shipper.endpoint").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> ShipperConfig.defaults(ENDPOINT, null)).hasMessageContaining("shipper.token");
    assertThatThrownBy(() -> ShipperConfig.defaults(ENDPOINT, new Secret(" "))).hasMessageContaining("shipper.token");
    assertThatThrownBy(() -> ShipperConfig.defaults(ENDPOINT, new Secret("abc\r\nX-Evil: 1")))
        .hasMessageContaining("shipper.token").hasMessageNotContaining("Evil");
    assertThatThrownBy(() -> with(0, 1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("shipper.batchMaxRecords");
    assertThatThrownBy(() -> with(1, 0, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("shipper.batchMaxBytes");
    assertThatThrownBy(() -> with(1, 1, Duration.ofMillis(-1), Duration.ofSeconds(1), Duration.ofMillis(1),
        Duration.ofSeconds(1))).hasMessageContaining("shipper.maxDelay");
    assertThatThrownBy(() -> with(1, 1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(1)))
        .hasMessageContaining("shipper.requestTimeout");
    assertThatThrownBy(() -> with(1, 1, Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("shipper.backoffInitial");
    assertThatThrownBy(() -> with(1, 1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(1))).hasMessageContaining("shipper.backoffMax");
    assertThatThrownBy(() -> ShipperConfig.defaults(ENDPOINT, TOKEN, -1)).hasMessageContaining("shipper.gzipLevel");
    assertThatThrownBy(() -> ShipperConfig.defaults(ENDPOINT, TOKEN, 10)).hasMessageContaining("shipper.gzipLevel");
    assertThat(ShipperConfig.defaults(ENDPOINT, TOKEN, 0).gzipLevel()).isZero();
    assertThat(ShipperConfig.defaults(ENDPOINT, TOKEN, 9).gzipLevel()).isEqualTo(9);
  }

  private static ShipperConfig with(int records, int bytes, Duration maxDelay, Duration timeout, Duration initial,
      Duration max) {
    return new ShipperConfig(ENDPOINT, TOKEN, records, bytes, maxDelay, timeout, initial, max,
        ShipperConfig.DEFAULT_GZIP_LEVEL);
  }
}
