package dev.jitgate.pg.scram;

import static dev.jitgate.pg.scram.ScramTestSupport.b64;
import static dev.jitgate.pg.scram.ScramTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Parsing, formatting and deriving PostgreSQL SCRAM secrets. */
class ScramVerifierTest {

  /** {@code rolpassword} of {@code CREATE ROLE alice PASSWORD 'correct horse battery staple'} on PostgreSQL 15. */
  static final String ALICE =
      "SCRAM-SHA-256$4096:huTvrUd9TIxMfeR/Z0yyJA==$ELK4+JGcRy4MhDR6pp8GYP07Mqd4dbVCuYH/SCaLNPg=:"
          + "n17jpX/fwCc2MYudTJ7/jA8EXYsou3mfSZpNeMevGhY=";

  @Test
  void parseAndFormatRoundTrip() {
    ScramVerifier verifier = ScramVerifier.parse(ALICE);

    assertThat(verifier.iterations()).isEqualTo(4096);
    assertThat(verifier.salt()).isEqualTo(b64("huTvrUd9TIxMfeR/Z0yyJA=="));
    assertThat(verifier.storedKey()).isEqualTo(b64("ELK4+JGcRy4MhDR6pp8GYP07Mqd4dbVCuYH/SCaLNPg="));
    assertThat(verifier.serverKey()).isEqualTo(b64("n17jpX/fwCc2MYudTJ7/jA8EXYsou3mfSZpNeMevGhY="));
    assertThat(verifier.format()).isEqualTo(ALICE);
    assertThat(ScramVerifier.parse(verifier.format())).isEqualTo(verifier).hasSameHashCodeAs(verifier);
  }

  /**
   * Secrets made by PostgreSQL 15 ({@code CREATE ROLE ... PASSWORD U&'...'}, then
   * {@code SELECT rolpassword}). The non-ASCII ones pin down PostgreSQL's SASLprep: bob's password is
   * mapped and normalized; carol's (private use), dave's (valid bidi), erin's (mixed bidi) and frank's
   * (unassigned in Unicode 3.2) show when it is used as is.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "correct horse battery staple|" + ALICE,
        "I\u00ADX\u00A0\uFB01\u00E9|SCRAM-SHA-256$4096:XRvwT9jCcyIpS/4z6iOhRA==$Zha1YtbqtYKiR5FY+H8AwdIKDuwjHR5bsvArEYaM6Q8=:2pHfap4H/A+mMYsDrfsa4J/lphXsgqKzib4kvLQUGtM=",
        "\uE000\uFB01|SCRAM-SHA-256$4096:Mqru5S1Nhhywx10Dlefqyg==$yHRzcRLRPUF3H+ULyXpF/4C3LzXIxccFxmuvxwfLons=:0wysboaWhL+V1otTSfk454sc9m+uLr+UbKeDu/Vt2oE=",
        "\u0627\u0031\u0628|SCRAM-SHA-256$4096:1ityJ03Y+UUYLJCBjEGQeA==$/KtB5K3eAjoU+/1V6sF971YOj1QN63JutTlEtdfeCS4=:Dcr5n8hFTVY3ktHaP2lnjg9dWtkSQEX1pTOJXeO2jdk=",
        "\u0627a\u0628|SCRAM-SHA-256$4096:R+lv3y3s7x50QHEXjKypwA==$CGOLsMMy7zWzekAVo07SoSvERHKkjZdx92iM5t9jjsA=:f0/DEl/tvPj+dGtQMMk66CjfC04D8/YoNGhB8USYW/4=",
        "\u0221\uFB01|SCRAM-SHA-256$4096:QN6X59HtvERAWSBq8emktw==$0gLH8bF/3HQYn3uc75TdrtvMTXxh0CuOl1LkjDdek6c=:/SiAhvKhewKHHQCncSICaMHx8yppxG/LqqqmNlRP2Wg="
      })
  void derivesTheSameSecretAsPostgres(String password, String rolpassword) {
    ScramVerifier fromPostgres = ScramVerifier.parse(rolpassword);

    ScramVerifier derived = ScramVerifier.fromPassword(password, fromPostgres.salt(), fromPostgres.iterations());

    assertThat(derived).isEqualTo(fromPostgres);
    assertThat(derived.format()).isEqualTo(rolpassword);
    assertThat(fromPostgres.matchesPassword(password)).isTrue();
    assertThat(fromPostgres.matchesPassword(password + "x")).isFalse();
  }

  @Test
  void generateUsesPostgresDefaults() {
    ScramVerifier verifier = ScramVerifier.generate("pw", new SecureRandom());

    assertThat(verifier.iterations()).isEqualTo(4096);
    assertThat(verifier.salt()).hasSize(16);
    assertThat(verifier.matchesPassword("pw")).isTrue();
    assertThat(ScramVerifier.generate("pw", new SecureRandom())).isNotEqualTo(verifier);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "md5" + "0123456789abcdef0123456789abcdef",
        "SCRAM-SHA-256$",
        "SCRAM-SHA-256$4096:c2FsdA==",
        "SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA",
        "SCRAM-SHA-256$0:c2FsdA==$%k:%k",
        "SCRAM-SHA-256$-1:c2FsdA==$%k:%k",
        "SCRAM-SHA-256$+1:c2FsdA==$%k:%k",
        "SCRAM-SHA-256$99999999999:c2FsdA==$%k:%k",
        "SCRAM-SHA-256$4096:$%k:%k",
        "SCRAM-SHA-256$4096:c2FsdA$%k:%k",
        "SCRAM-SHA-256$4096:c2FsdA==$%k:%k:%k",
        "SCRAM-SHA-256$4096:c2FsdA==:x$%k:%k",
        "SCRAM-SHA-256$4096:c2FsdA==$%k:%k ",
        "SCRAM-SHA-256$4096:c2FsdA==$%k$%k",
        "SCRAM-SHA-1$4096:c2FsdA==$%k:%k",
        "scram-sha-256$4096:c2FsdA==$%k:%k"
      })
  void parseRejectsMalformedSecretsWithoutEchoingThem(String template) {
    String text = template.replace("%k", b64(new byte[32]));
    assertThatThrownBy(() -> ScramVerifier.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a valid SCRAM-SHA-256 secret");
    assertThat(ScramVerifier.tryParse(text)).isEmpty();
  }

  @Test
  void parseRejectsNull() {
    assertThatThrownBy(() -> ScramVerifier.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringRedactsKeys() {
    ScramVerifier verifier = ScramVerifier.parse(ALICE);
    assertThat(verifier.toString())
        .contains("iterations=4096")
        .contains("redacted")
        .doesNotContain("ELK4+JGcRy4MhDR6pp8GYP07Mqd4dbVCuYH/SCaLNPg=")
        .doesNotContain("n17jpX/fwCc2MYudTJ7/jA8EXYsou3mfSZpNeMevGhY=")
        .doesNotContain("huTvrUd9TIxMfeR/Z0yyJA==");
  }

  @Test
  void arraysAreCopiedInAndOut() {
    byte[] salt = utf8("salt");
    ScramVerifier verifier = new ScramVerifier(1, salt, new byte[32], new byte[32]);
    salt[0] = 'X';
    verifier.storedKey()[0] = 1;
    assertThat(verifier.salt()).isEqualTo(utf8("salt"));
    assertThat(verifier.storedKey()).isEqualTo(new byte[32]);
  }

  @Test
  void equalityIsByContent() {
    ScramVerifier a = new ScramVerifier(1, utf8("salt"), new byte[32], new byte[32]);
    byte[] otherKey = new byte[32];
    otherKey[31] = 1;
    assertThat(a).isEqualTo(new ScramVerifier(1, utf8("salt"), new byte[32], new byte[32]));
    assertThat(a).isNotEqualTo(new ScramVerifier(2, utf8("salt"), new byte[32], new byte[32]));
    assertThat(a).isNotEqualTo(new ScramVerifier(1, utf8("salt"), otherKey, new byte[32]));
    assertThat(a).isNotEqualTo(new ScramVerifier(1, utf8("salt"), new byte[32], otherKey));
  }

  @Test
  void constructorValidates() {
    assertThatThrownBy(() -> new ScramVerifier(0, utf8("s"), new byte[32], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScramVerifier(1, new byte[0], new byte[32], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScramVerifier(1, utf8("s"), new byte[31], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyPasswordStillDerivesASecret() {
    // HMAC with an empty key is defined (the key is zero-padded); SecretKeySpec alone would refuse it.
    ScramVerifier verifier = ScramVerifier.fromPassword("", utf8("salt"), 2);
    assertThat(verifier.matchesPassword("")).isTrue();
    assertThat(verifier.matchesPassword("\u0000")).isTrue(); // same zero-padded HMAC key, by definition
    assertThat(verifier.matchesPassword("a")).isFalse();
  }
}
