package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void sortsKeysByCodePointAtEveryLevelAndDropsWhitespace() throws Exception {
    String json = "{ \"b\" : [ {\"z\":1, \"a\":2} ], \"a\": null, \"\\uE000\": 1, \"\\uD83D\\uDE00\": 2, \"B\": true }";

    assertThat(CanonicalJson.write(CanonicalJson.parse(json)))
        .isEqualTo("{\"B\":true,\"a\":null,\"b\":[{\"a\":2,\"z\":1}],\"\uE000\":1,\"\uD83D\uDE00\":2}");
  }

  @Test
  void escapesOnlyWhatJsonRequires() throws Exception {
    String json = "{\"s\":\"q\\\" b\\\\ \\n\\r\\t\\b\\f \\u0001 \\u001f / é \\u2028\"}";

    assertThat(CanonicalJson.write(CanonicalJson.parse(json)))
        .isEqualTo("{\"s\":\"q\\\" b\\\\ \\n\\r\\t\\b\\f \\u0001 \\u001F / é \u2028\"}");
  }

  @Test
  void integersArePlainAndFractionsAreRejected() throws Exception {
    assertThat(CanonicalJson.write(CanonicalJson.parse("{\"n\":-0012}".replace("-0012", "-12"))))
        .isEqualTo("{\"n\":-12}");
    assertThat(CanonicalJson.write(CanonicalJson.parse("[123456789012345678901234567890]")))
        .isEqualTo("[123456789012345678901234567890]");
    assertThatThrownBy(() -> CanonicalJson.write(CanonicalJson.parse("{\"x\":{\"y\":1e3}}")))
        .isInstanceOfSatisfying(EventFieldException.class, e -> assertThat(e.field()).isEqualTo("x.y"));
  }

  @Test
  void hashIsLowerCaseHexSha256() {
    assertThat(CanonicalJson.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
