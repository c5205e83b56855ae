package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The psql command line in credential responses: libpq quoting inside shell double quotes. */
class ConnectionInfoTest {

  @Test
  void plainValuesAreNotQuoted() {
    String psql = ConnectionInfo.psql(new Views.Connection("proxy.example", 6432, "prod/orders", "alice", "verify-full"));
    assertThat(psql).isEqualTo("psql \"host=proxy.example port=6432 dbname=prod/orders user=alice sslmode=verify-full\"");
  }

  @Test
  void valuesWithSpacesQuotesAndBackslashesAreLibpqQuoted() {
    assertThat(ConnectionInfo.conninfoValue("jane doe")).isEqualTo("'jane doe'");
    assertThat(ConnectionInfo.conninfoValue("o'brien")).isEqualTo("'o\\'brien'");
    assertThat(ConnectionInfo.conninfoValue("a\\b")).isEqualTo("'a\\\\b'");
    assertThat(ConnectionInfo.conninfoValue("")).isEqualTo("''");
  }

  @Test
  void shellSpecialCharactersAreEscapedInsideDoubleQuotes() {
    String psql = ConnectionInfo.psql(new Views.Connection("p", 1, "i/d", "$(id)`\"", "require"));
    assertThat(psql).isEqualTo("psql \"host=p port=1 dbname=i/d user=\\$(id)\\`\\\" sslmode=require\"");
    String spaced = ConnectionInfo.psql(new Views.Connection("p", 1, "i/d", "$(rm -rf x)", "require"));
    assertThat(spaced).isEqualTo("psql \"host=p port=1 dbname=i/d user='\\$(rm -rf x)' sslmode=require\"");
  }
}
