package dev.jitgate.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "10s, PT10S",
    "5m, PT5M",
    "1h, PT1H",
    "2d, PT48H",
    "1h30m, PT1H30M",
    "0, PT0S",
    "0s, PT0S",
    "PT10S, PT10S",
    "pt1m, PT1M",
    "' 30s ', PT30S"
  })
  void parsesEveryForm(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "10 s", "ten seconds", "-1s", "1w", "PT-5S", "s", "1.5s", "P"})
  void rejectsEverythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0", "PT0.5S, 500ms", "PT30S, 30s", "PT5M, 5m", "PT1H, 1h", "PT48H, 2d", "PT1.5S, 1500ms"})
  void formatsShortest(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }
}
