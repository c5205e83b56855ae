package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void alignsColumnsWithTwoSpacesAndNoTrailingBlanks() {
    String text = new Table("ID", "STATE", "REASON")
        .row("1", "pending", "INC-1")
        .row("1234", "approved", "")
        .render();
    assertThat(text).isEqualTo("""
        ID    STATE     REASON
        1     pending   INC-1
        1234  approved
        """);
  }

  @Test
  void countsCharactersNotBytesOrUtf16Units() {
    String text = new Table("USER", "X").row("zoë", "1").row("𝔸b", "2").render();
    assertThat(text).isEqualTo("""
        USER  X
        zoë   1
        𝔸b    2
        """);
  }

  @Test
  void controlCharactersCannotBreakTheLayoutOrDriveTheTerminal() {
    String text = new Table("REASON", "X").row("line1\nline2\u001b[2J\u202e", "x").render();
    assertThat(text).isEqualTo("""
        REASON            X
        line1?line2?[2J?  x
        """);
    assertThat(text.lines()).hasSize(2);
    assertThat(text).doesNotContain("\u001b").doesNotContain("\u202e");
  }

  @Test
  void truncatesWithAnEllipsis() {
    assertThat(Table.truncate("abcdefgh", 5)).isEqualTo("abcd…");
    assertThat(Table.truncate("abcde", 5)).isEqualTo("abcde");
  }

  @Test
  void refusesARowOfTheWrongWidth() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyTableIsJustTheHeader() {
    Table table = new Table("A", "B");
    assertThat(table.isEmpty()).isTrue();
    assertThat(table.render()).isEqualTo("A  B\n");
  }
}
