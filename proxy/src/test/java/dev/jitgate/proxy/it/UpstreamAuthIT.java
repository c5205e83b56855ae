package dev.jitgate.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.ProxyConfigs;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * The proxy's login to the upstream server: every method PostgreSQL may ask for, the configured minimum,
 * SSL modes, and failures that must not leak upstream details to the client.
 */
@ExtendWith(PostgresExtension.class)
class UpstreamAuthIT {

  private static TestProxy proxy;
  private static TestPostgres pg;
  private static dev.jitgate.proxy.testing.FlakyForwarder flaky;
  private static dev.jitgate.proxy.testing.FlakyForwarder closing;

  private static UpstreamConfig as(UpstreamConfig u, TestPostgres.Credentials who, UpstreamAuthMethod min, UpstreamSslMode ssl) {
    return new UpstreamConfig(u.host(), u.port(), "postgres", who.user(), new Secret(who.password()), ssl,
        u.sslRootCert(), min, u.connectTimeout());
  }

  @BeforeAll
  static void start(TestPostgres postgres) throws Exception {
    pg = postgres;
    flaky = new dev.jitgate.proxy.testing.FlakyForwarder(pg.port(), 1);
    closing = new dev.jitgate.proxy.testing.FlakyForwarder(pg.port(), 1, false);
    proxy =
        TestProxy.start(pg, c -> {
          var x = ProxyConfigs.withExtraRoute(c, "via_md5", u -> as(u, pg.md5User(), UpstreamAuthMethod.MD5, UpstreamSslMode.VERIFY_FULL));
          x = ProxyConfigs.withExtraRoute(x, "via_password", u -> as(u, pg.plainUser(), UpstreamAuthMethod.PASSWORD, UpstreamSslMode.VERIFY_FULL));
          x = ProxyConfigs.withExtraRoute(x, "md5_refused", u -> as(u, pg.md5User(), UpstreamAuthMethod.SCRAM_SHA_256, UpstreamSslMode.VERIFY_FULL));
          x = ProxyConfigs.withExtraRoute(x, "password_refused", u -> as(u, pg.plainUser(), UpstreamAuthMethod.MD5, UpstreamSslMode.VERIFY_FULL));
          x = ProxyConfigs.withExtraRoute(x, "plaintext", u -> as(u, pg.appUser(), UpstreamAuthMethod.SCRAM_SHA_256, UpstreamSslMode.DISABLE));
          x = ProxyConfigs.withExtraRoute(x, "require", u -> as(u, pg.appUser(), UpstreamAuthMethod.SCRAM_SHA_256, UpstreamSslMode.REQUIRE));
          x = ProxyConfigs.withExtraRoute(x, "wrong_password", u -> as(u, new TestPostgres.Credentials("app_user", "wrong"),
              UpstreamAuthMethod.SCRAM_SHA_256, UpstreamSslMode.VERIFY_FULL));
          x = ProxyConfigs.withExtraRoute(x, "wrong_ca", u -> new UpstreamConfig(u.host(), u.port(), u.database(), u.user(),
              u.password(), UpstreamSslMode.VERIFY_CA, otherCa(), u.minimumAuth(), u.connectTimeout()));
          x = ProxyConfigs.withExtraRoute(x, "no_server", u -> new UpstreamConfig(u.host(), 1, u.database(), u.user(),
              u.password(), u.sslMode(), u.sslRootCert(), u.minimumAuth(), u.connectTimeout()));
          x = ProxyConfigs.withExtraRoute(x, "flaky", u -> new UpstreamConfig(u.host(), flaky.port(), u.database(), u.user(),
              u.password(), UpstreamSslMode.VERIFY_CA, u.sslRootCert(), u.minimumAuth(), u.connectTimeout()));
          x = ProxyConfigs.withExtraRoute(x, "closing", u -> new UpstreamConfig(u.host(), closing.port(), u.database(),
              u.user(), u.password(), UpstreamSslMode.VERIFY_CA, u.sslRootCert(), u.minimumAuth(), u.connectTimeout()));
          return x;
        });
  }

  /** A CA that did not sign the server's certificate. */
  private static java.nio.file.Path otherCa() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("other-ca", ".crt");
      dev.jitgate.proxy.tls.DevCertificateAuthority.generate("unrelated CA").writeCaPem(file);
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    flaky.close();
    closing.close();
  }

  private static String url(String database) {
    return proxy.jdbcUrl("").replace("/" + TestProxy.DATABASE + "?", "/" + database + "?");
  }

  private static String whoAndSsl(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(url(database), TestProxy.USER, proxy.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user || ' ssl=' || ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static PSQLException refused(String database) {
    return catchThrowableOfType(PSQLException.class,
        () -> DriverManager.getConnection(url(database), TestProxy.USER, proxy.password()).close());
  }

  @Test
  void scramWithChannelBindingOverVerifyFull() throws Exception {
    assertThat(whoAndSsl(TestProxy.DATABASE)).isEqualTo("app_user ssl=true");
  }

  @Test
  void md5WhenAllowed() throws Exception {
    assertThat(whoAndSsl("via_md5")).isEqualTo("md5_user ssl=true");
  }

  @Test
  void cleartextWhenAllowed() throws Exception {
    assertThat(whoAndSsl("via_password")).isEqualTo("plain_user ssl=true");
  }

  @Test
  void sslModesDisableAndRequire() throws Exception {
    assertThat(whoAndSsl("plaintext")).isEqualTo("app_user ssl=false");
    assertThat(whoAndSsl("require")).isEqualTo("app_user ssl=true");
  }

  @Test
  void weakerMethodsThanConfiguredAreRefused() {
    for (String db : new String[] {"md5_refused", "password_refused"}) {
      PSQLException e = refused(db);
      assertThat((Object) e).as(db).isNotNull();
      assertThat(e.getSQLState()).isEqualTo("08006");
      assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("jitgate could not log in to the upstream database");
    }
  }

  @Test
  void upstreamLoginFailureDoesNotLeakDetails() throws Exception {
    PSQLException e = refused("wrong_password");
    assertThat(e.getSQLState()).isEqualTo("08006");
    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("jitgate could not log in to the upstream database");
    assertThat(e.getMessage()).doesNotContain("app_user").doesNotContain("wrong");
  }

  @Test
  void upstreamCertificateFromAnotherCaIsRefused() {
    PSQLException e = refused("wrong_ca");
    assertThat(e.getSQLState()).isEqualTo("08006");
    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("could not establish TLS with the upstream database");
  }

  @Test
  void aResetUpstreamConnectionIsRetriedOnce() throws Exception {
    assertThat(whoAndSsl("flaky")).isEqualTo("app_user ssl=true");
    assertThat(flaky.accepted()).as("first attempt reset, second one served").isEqualTo(2);
  }

  @Test
  void anUpstreamClosingTheConnectionWithoutAWordIsRetriedOnce() throws Exception {
    assertThat(whoAndSsl("closing")).isEqualTo("app_user ssl=true");
    assertThat(closing.accepted()).as("first attempt closed, second one served").isEqualTo(2);
  }

  @Test
  void unreachableUpstream() {
    PSQLException e = refused("no_server");
    assertThat(e.getSQLState()).isEqualTo("08001");
  }

  @Test
  void upstreamPasswordNeverReachesTheServerLogInClear() throws Exception {
    assertThat(whoAndSsl(TestProxy.DATABASE)).startsWith("app_user");
    String log = Files.readString(pg.logFile());
    assertThat(log).doesNotContain(pg.appUser().password()).doesNotContain(proxy.password());
  }
}
