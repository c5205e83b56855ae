package dev.jitgate.proxy.audit.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrackerConfigTest {

  @Test
  void defaultsAreValid() {
    assertThat(TrackerConfig.DEFAULTS.maxParameterBytes()).isEqualTo(4096);
  }

  @Test
  void badLimitsNameTheirField() {
    assertThatThrownBy(() -> new TrackerConfig(15, 8, 8, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit.maxSqlChars");
    assertThatThrownBy(() -> new TrackerConfig(100, -1, 8, 1, 1))
        .hasMessageContaining("audit.maxParameterBytes");
    assertThatThrownBy(() -> new TrackerConfig(100, 8, -1, 1, 1)).hasMessageContaining("audit.maxBindBytes");
    assertThatThrownBy(() -> new TrackerConfig(100, 8, 8, 0, 1))
        .hasMessageContaining("audit.maxPreparedStatements");
    assertThatThrownBy(() -> new TrackerConfig(100, 8, 8, 1, 0)).hasMessageContaining("audit.maxPortals");
  }
}
