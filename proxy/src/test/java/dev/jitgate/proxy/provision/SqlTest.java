package dev.jitgate.proxy.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void identifiersAreDoubleQuotedWithQuotesDoubled() {
    assertThat(Sql.identifier("role", "plain")).isEqualTo("\"plain\"");
    assertThat(Sql.identifier("role", "a\"b; DROP")).isEqualTo("\"a\"\"b; DROP\"");
    assertThat(Sql.identifier("role", "Zoë")).isEqualTo("\"Zoë\"");
  }

  @Test
  void badIdentifiersNameTheField() {
    assertThatThrownBy(() -> Sql.identifier("marker", "")).hasMessage("marker must not be empty");
    assertThatThrownBy(() -> Sql.identifier("marker", null)).hasMessage("marker must not be empty");
    assertThatThrownBy(() -> Sql.identifier("marker", "a\0b")).hasMessage("marker must not contain NUL");
    assertThatThrownBy(() -> Sql.identifier("marker", "a\uD800")).hasMessage("marker is not valid Unicode");
    assertThatThrownBy(() -> Sql.identifier("marker", "é".repeat(32)))
        .hasMessage("marker is longer than 63 bytes");
    assertThat(Sql.identifier("marker", "a".repeat(63))).hasSize(65);
  }

  @Test
  void literalsDoubleQuotesAndUseEscapeFormForBackslashes() {
    assertThat(Sql.literal("2030-01-01T00:00:00Z")).isEqualTo("'2030-01-01T00:00:00Z'");
    assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
    assertThat(Sql.literal("a\\'b")).isEqualTo("E'a\\\\''b'");
    assertThatThrownBy(() -> Sql.literal("a\0")).hasMessageContaining("NUL");
  }
}
