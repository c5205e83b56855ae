package dev.jitgate.audit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordRedactorTest {

  private static final String SECRET = "s3cr3t";

  private final PasswordRedactor redactor = new PasswordRedactor();

  private String redacted(String sql) {
    Redaction r = redactor.redact(sql);
    assertThat(r.redacted()).as("redacted flag for %s", sql).isTrue();
    assertThat(r.sql().toLowerCase()).as("secret left in %s", r.sql()).doesNotContain(SECRET);
    return r.sql();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE ROLE alice LOGIN PASSWORD 's3cr3t'",
      "create user alice with encrypted password 's3cr3t' valid until 'infinity'",
      "ALTER ROLE alice PASSWORD 's3cr3t'",
      "ALTER USER \"Alice\" WITH PASSWORD 's3''cr3t''s3cr3t'",
      "alter role alice password E's3cr3t\\' still secret s3cr3t'",
      "ALTER ROLE alice PASSWORD $$s3cr3t$$",
      "ALTER ROLE alice PASSWORD $pw$s3cr3t $$ s3cr3t$pw$",
      "ALTER ROLE alice PASSWORD U&'s3cr3t\\0041'",
      "ALTER ROLE alice /* note */ PASSWORD -- why\n 's3cr3t'",
      "ALTER ROLE alice PASSWORD 's3c'\n'r3t s3cr3t'",
      "CREATE GROUP g PASSWORD 's3cr3t'",
      "ALTER ROLE alice PASSWORD 's3cr3t",
      "CREATE USER MAPPING FOR alice SERVER remote OPTIONS (user 'bob', password 's3cr3t')",
      "ALTER USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (SET \"password\" 's3cr3t')",
      "CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'h', password 's3cr3t')",
      "SELECT dblink_connect('c', 'host=db user=bob password=s3cr3t dbname=x')",
      "SELECT * FROM dblink('hostaddr=127.0.0.1 PASSWORD = s3cr3t', 'select 1') AS t(a int)",
      "SELECT dblink_connect('postgresql://bob:s3cr3t@db:5432/x')",
      "CREATE SUBSCRIPTION sub CONNECTION 'host=p password=''s3cr3t''' PUBLICATION pub",
      "SELECT dblink_connect($$password=s3cr3t$$)",
      "SELECT dblink_connect(E'host=h p\\x61ssword=s3cr3t')",
      "SELECT dblink_connect(U&'host=h p\\0061ssword=s3cr3t')",
  })
  void redactsTheSecret(String sql) {
    redacted(sql);
  }

  @Test
  void keepsEverythingElseByteIdentical() {
    String sql = "SELECT 1; /* c */ ALTER ROLE \"Al\"\"ice\" WITH LOGIN PASSWORD 's3cr3t' VALID UNTIL '2030-01-01'; "
        + "SELECT 'password'";
    assertThat(redacted(sql)).isEqualTo(
        "SELECT 1; /* c */ ALTER ROLE \"Al\"\"ice\" WITH LOGIN PASSWORD '***' VALID UNTIL '2030-01-01'; "
            + "SELECT 'password'");
  }

  @Test
  void redactsScramVerifiersSentByPsqlPassword() {
    String sql = "ALTER USER alice PASSWORD 'SCRAM-SHA-256$4096:s3cr3t$StoredKey=:ServerKey='";
    assertThat(redacted(sql)).isEqualTo("ALTER USER alice PASSWORD '***'");
  }

  @Test
  void redactsEveryStatementOfAMultiStatementString() {
    String sql = "BEGIN; CREATE ROLE a PASSWORD 's3cr3t'; ALTER ROLE b PASSWORD E's3cr3t'; COMMIT;";
    assertThat(redacted(sql)).isEqualTo(
        "BEGIN; CREATE ROLE a PASSWORD '***'; ALTER ROLE b PASSWORD '***'; COMMIT;");
  }

  @Test
  void redactsInsideDoBlocksAndDynamicSql() {
    String sql = "DO $do$ BEGIN\n  EXECUTE 'ALTER ROLE x PASSWORD ''s3cr3t''';\n"
        + "  CREATE ROLE y PASSWORD 's3cr3t';\n"
        + "  PERFORM dblink_connect('password=s3cr3t');\nEND $do$";
    assertThat(redacted(sql)).isEqualTo("DO $do$ BEGIN\n  EXECUTE '***';\n"
        + "  CREATE ROLE y PASSWORD '***';\n  PERFORM dblink_connect('***');\nEND $do$");
  }

  @Test
  void leavesOtherStatementsAlone() {
    String[] untouched = {
        "SELECT password FROM users WHERE password = 'x'",
        "ALTER ROLE alice PASSWORD NULL",
        "ALTER ROLE alice SET password_encryption = 'scram-sha-256'",
        "UPDATE accounts SET password = 'hash' WHERE id = 1",
        "CREATE TABLE t (password text)",
        "ALTER USER MAPPING FOR u SERVER s OPTIONS (DROP password)",
        "DO $$BEGIN UPDATE users SET password = 'x' WHERE id = 1; END$$",
        "",
    };
    for (String sql : untouched) {
      Redaction r = redactor.redact(sql);
      assertThat(r.redacted()).as(sql).isFalse();
      assertThat(r.sql()).isEqualTo(sql);
    }
    assertThat(redactor.redact(null).sql()).isEmpty();
  }

  @Test
  void overLongTailMentioningAPasswordIsMasked() {
    PasswordRedactor small = new PasswordRedactor(new SqlLexer(20));
    Redaction r = small.redact("SELECT 1; SELECT 2; ALTER ROLE a PASSWORD 's3cr3t'");
    assertThat(r.redacted()).isTrue();
    assertThat(r.sql()).doesNotContain(SECRET).startsWith("SELECT 1; SELECT 2;");
    Redaction uri = small.redact("SELECT 1; SELECT 2; SELECT dblink_connect('postgresql://u:s3cr3t@h/db')");
    assertThat(uri.sql()).doesNotContain(SECRET);
    Redaction harmless = small.redact("SELECT 1; SELECT 2; SELECT 3");
    assertThat(harmless.redacted()).isFalse();
    assertThat(harmless.sql()).isEqualTo("SELECT 1; SELECT 2; SELECT 3");
  }

  @Test
  void backslashesInPlainLiteralsAreSafeUnderEitherStringSetting() {
    // read with standard_conforming_strings on, the literal is 'x\' and s3cr3t follows it
    String sql = "ALTER ROLE a PASSWORD 'x\\'s3cr3t' VALID UNTIL 'infinity'";
    assertThat(redacted(sql)).isEqualTo("ALTER ROLE a PASSWORD '***'");
    String doubled = "ALTER ROLE a PASSWORD 'a\\''s3cr3t'";
    assertThat(redacted(doubled)).isEqualTo("ALTER ROLE a PASSWORD '***'");
    PasswordRedactor legacy = new PasswordRedactor(new SqlLexer(SqlLexer.DEFAULT_MAX_CHARS, false));
    Redaction r = legacy.redact("ALTER ROLE a PASSWORD 'x\\'s3cr3t' VALID UNTIL 'infinity'");
    assertThat(r.sql()).isEqualTo("ALTER ROLE a PASSWORD '***' VALID UNTIL 'infinity'");
  }

  @Test
  void recognizesSecretBindParameterValues() {
    assertThat(redactor.isSecretValue("host=db password=s3cr3t")).isTrue();
    assertThat(redactor.isSecretValue("host=db PassWord = s3cr3t")).isTrue();
    assertThat(redactor.isSecretValue("POSTGRESQL://u:s3cr3t@db/x")).isTrue();
    assertThat(redactor.isSecretValue("postgres://u:s3cr3t@db/x")).isTrue();
    assertThat(redactor.isSecretValue("host=db user=u")).isFalse();
    assertThat(redactor.isSecretValue(null)).isFalse();
  }

  @Test
  void toStringDoesNotLeak() {
    assertThat(redactor.redact("ALTER ROLE a PASSWORD 's3cr3t'").toString()).doesNotContain(SECRET);
  }
}
