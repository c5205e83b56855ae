package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PsqlTest {

  @Test
  void plainValuesStayBare() {
    assertThat(Psql.command("proxy.example", 6432, "prod/orders", "alice", "verify-full", "Xy7_-abc"))
        .isEqualTo("psql \"host=proxy.example port=6432 dbname=prod/orders user=alice sslmode=verify-full"
            + " password=Xy7_-abc\"");
  }

  @Test
  void valuesWithSpacesQuotesAndBackslashesAreQuotedForLibpq() {
    assertThat(Psql.conninfoValue("o'brien smith")).isEqualTo("'o\\'brien smith'");
    assertThat(Psql.conninfoValue("a\\b")).isEqualTo("'a\\\\b'");
    assertThat(Psql.conninfoValue("")).isEqualTo("''");
  }

  @Test
  void theShellSeesEveryCharacterLiterally() {
    String command = Psql.command("h", 1, "i/d", "al\"ice $HOME `id`", "require", "p");
    assertThat(command).isEqualTo("psql \"host=h port=1 dbname=i/d user='al\\\"ice \\$HOME \\`id\\`' sslmode=require"
        + " password=p\"");
  }
}
