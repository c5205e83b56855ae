package dev.jitgate.pg.scram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SASLprep as PostgreSQL applies it (RFC 4013 section 3 examples plus PostgreSQL's fallbacks). */
class SaslPrepTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // RFC 4013 section 3
        "I\u00ADX|IX",
        "user|user",
        "USER|USER",
        "\u00AA|a",
        "\u2168|IX",
        // non-ASCII spaces become U+0020; zero-width characters vanish
        "a\u00A0b\u3000c|a b c",
        "a\u200Bb|a b",
        "a\uFEFFb\u180Bc|abc",
        // NFKC
        "\uFB01\u00E9|fi\u00E9",
        "e\u0301|\u00E9",
        "\uFF21\uFF22|AB",
        // astral, assigned in 3.2: mathematical bold A normalizes to A
        "\uD835\uDC00x|Ax"
      })
  void preparesLikeRfc4013(String input, String expected) {
    assertThat(SaslPrep.prepare(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // pure ASCII is never touched, not even control characters (RFC 4013 would reject U+0007)
        "a\u0007b",
        // prohibited after mapping: private use, non-character, C.8 display change, tagging
        "\uE000\uFB01",
        "\uFDD0\uFB01",
        "\u200E\uFB01",
        "\uDB40\uDC01\uFB01",
        // unassigned in Unicode 3.2 (assigned later), so PostgreSQL keeps the password as is
        "\u0221\uFB01",
        // bidi: RandALCat with LCat, or not first and last
        "\u0627a\u0628",
        "\u0627\u0031",
        "1\u0627",
        // only characters that map to nothing: an empty result is prohibited
        "\u00AD\uFEFF\u00AD",
        // not valid UTF-16 (unpaired surrogates), so not valid UTF-8 either
        "\uD800\uFB01",
        "\uFB01\uDC00"
      })
  void fallsBackToTheUnchangedPassword(String input) {
    assertThat(SaslPrep.prepare(input)).isSameAs(input);
  }

  @Test
  void validRightToLeftPasswordIsAccepted() {
    assertThat(SaslPrep.prepare("\u0627\u0031\u0628")).isEqualTo("\u0627\u0031\u0628");
    // Fullwidth digit one is normalized even inside a right-to-left password.
    assertThat(SaslPrep.prepare("\u0627\uFF11\u0628")).isEqualTo("\u0627\u0031\u0628");
  }

  @Test
  void tablesAreSortedRanges() {
    for (int[] table :
        new int[][] {
          StringPrepTables.NON_ASCII_SPACE,
          StringPrepTables.MAPPED_TO_NOTHING,
          StringPrepTables.PROHIBITED,
          StringPrepTables.UNASSIGNED,
          StringPrepTables.RAND_AL_CAT,
          StringPrepTables.L_CAT
        }) {
      assertThat(StringPrepTables.isWellFormed(table)).isTrue();
    }
    assertThat(StringPrepTables.contains(StringPrepTables.PROHIBITED, 0x10FFFD)).isTrue();
    assertThat(StringPrepTables.contains(StringPrepTables.PROHIBITED, 0x10FFFE)).isTrue();
    assertThat(StringPrepTables.contains(StringPrepTables.PROHIBITED, 'a')).isFalse();
    assertThat(StringPrepTables.contains(StringPrepTables.UNASSIGNED, 0x0221)).isTrue();
    assertThat(StringPrepTables.contains(StringPrepTables.UNASSIGNED, 0x0220)).isFalse();
    assertThat(StringPrepTables.contains(StringPrepTables.RAND_AL_CAT, 0x05D0)).isTrue();
    assertThat(StringPrepTables.contains(StringPrepTables.L_CAT, 'a')).isTrue();
  }
}
