package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParameterTest {

  @Test
  void textIsCutAtACharacterBoundary() {
    byte[] raw = "aé€".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 bytes

    assertThat(Parameter.ofText(raw, 2)).isEqualTo(new Parameter(ParameterFormat.TEXT, "a", true, 6L));
    assertThat(Parameter.ofText(raw, 3)).isEqualTo(new Parameter(ParameterFormat.TEXT, "aé", true, 6L));
    assertThat(Parameter.ofText(raw, 4)).isEqualTo(new Parameter(ParameterFormat.TEXT, "aé", true, 6L));
    assertThat(Parameter.ofText(raw, 5)).isEqualTo(new Parameter(ParameterFormat.TEXT, "aé", true, 6L));
    assertThat(Parameter.ofText(raw, 6)).isEqualTo(new Parameter(ParameterFormat.TEXT, "aé€", false, 6L));
    assertThat(Parameter.ofText(raw, 1)).isEqualTo(new Parameter(ParameterFormat.TEXT, "a", true, 6L));
    assertThat(Parameter.ofText(raw, 0)).isEqualTo(new Parameter(ParameterFormat.TEXT, "", true, 6L));
  }

  @Test
  void invalidUtf8TextBecomesReplacementCharacters() {
    assertThat(Parameter.ofText(new byte[] {'x', (byte) 0xFF}, 10).value()).isEqualTo("x\uFFFD");
  }

  @Test
  void binaryIsCutAndBase64Encoded() {
    Parameter p = Parameter.ofBinary(new byte[] {1, 2, 3, 4, 5}, 3);

    assertThat(p.value()).isEqualTo("AQID");
    assertThat(p.truncated()).isTrue();
    assertThat(p.originalLength()).isEqualTo(5);
    assertThat(p.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void inconsistentValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> new Parameter(ParameterFormat.BINARY, "AQID", false, 5L))
        .isInstanceOfSatisfying(EventFieldException.class, e -> assertThat(e.field()).isEqualTo("original_length"));
    assertThatThrownBy(() -> new Parameter(ParameterFormat.TEXT, null, false, 0L))
        .isInstanceOfSatisfying(EventFieldException.class, e -> assertThat(e.field()).isEqualTo("original_length"));
    assertThatThrownBy(() -> new Parameter(ParameterFormat.TEXT, "x", false, -1L))
        .isInstanceOfSatisfying(EventFieldException.class, e -> assertThat(e.field()).isEqualTo("original_length"));
  }
}
