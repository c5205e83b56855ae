package dev.jitgate.access.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({"90s,90", "30m,1800", "2h,7200", "1d,86400", "1d12h,129600", "1h30m,5400", "PT2H,7200",
      "P1D,86400", "' 2h ',7200"})
  void parsesCompactAndIsoForms(String text, long seconds) {
    assertThat(DurationText.parse("duration", text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "2x", "-1h", "0s", "PT0S", "h", "2 h", "1.5h", "PT-1H", "2h1d", "99999999999d"})
  void rejectsOthersNamingTheField(String text) {
    assertThatThrownBy(() -> DurationText.parse("for", text))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("for"));
  }

  @Test
  void formatsCompactly() {
    assertThat(DurationText.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(DurationText.format(Duration.ofSeconds(129_600 + 61))).isEqualTo("1d12h1m1s");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void formatThenParseIsIdentityForWholeSeconds() {
    Random random = new Random(20261129L);
    for (int i = 0; i < 2000; i++) {
      Duration d = Duration.ofSeconds(1 + random.nextInt(90 * 86_400));
      assertThat(DurationText.parse("d", DurationText.format(d))).as("seed case %d: %s", i, d).isEqualTo(d);
    }
  }
}
