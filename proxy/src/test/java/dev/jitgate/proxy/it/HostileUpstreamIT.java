package dev.jitgate.proxy.it;

import static dev.jitgate.proxy.testing.RawPgClient.cstring;
import static dev.jitgate.proxy.testing.RawPgClient.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jitgate.proxy.config.Secret;
import dev.jitgate.proxy.config.UpstreamAuthMethod;
import dev.jitgate.proxy.config.UpstreamConfig;
import dev.jitgate.proxy.testing.FakeUpstream;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.ProxyConfigs;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import dev.jitgate.proxy.tls.UpstreamSslMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;

/**
 * A hostile upstream server: the client's session fails closed with a generic FATAL, and the proxy keeps
 * serving sessions to the real server.
 */
@ExtendWith(PostgresExtension.class)
class HostileUpstreamIT {

  private static FakeUpstream fake;
  private static TestProxy proxy;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    fake = new FakeUpstream();
    proxy = TestProxy.start(pg, c -> ProxyConfigs.withExtraRoute(c, "hostile", u ->
        new UpstreamConfig("127.0.0.1", fake.port(), "db", "u", new Secret("pw"), UpstreamSslMode.PREFER, null,
            UpstreamAuthMethod.SCRAM_SHA_256, Duration.ofSeconds(3))));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    fake.close();
  }

  @AfterEach
  void realSessionsStillWork() throws Exception {
    try (Connection c = DriverManager.getConnection(proxy.jdbcUrl(""), TestProxy.USER, proxy.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 7")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] auth(int code, byte[] data) {
    return typed('R', concat(new byte[] {0, 0, 0, (byte) code}, data));
  }

  static Stream<Arguments> hostileAnswers() {
    return Stream.of(
        Arguments.of("ErrorResponse without SQLSTATE", typed('E', concat("SFATAL".getBytes(StandardCharsets.UTF_8), new byte[] {0}, "Mboom".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0})), "08006"),
        Arguments.of("trust while SCRAM is the minimum", concat(auth(0, new byte[0]), typed('Z', new byte[] {'I'})), "08006"),
        Arguments.of("GSSAPI requested", auth(7, new byte[0]), "0A000"),
        Arguments.of("garbage SCRAM server-first", concat(auth(10, concat(cstring("SCRAM-SHA-256"), new byte[] {0})), auth(11, "r=nonsense,s=!!,i=-1".getBytes(StandardCharsets.UTF_8))), "08006"),
        Arguments.of("SCRAM-SHA-1 only", auth(10, concat(cstring("SCRAM-SHA-1"), new byte[] {0})), "08006"),
        Arguments.of("oversized message", new byte[] {'S', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0}, "08P01"),
        Arguments.of("length below 4", new byte[] {'S', 0, 0, 0, 2}, "08P01"),
        Arguments.of("unexpected message type", typed('D', new byte[] {0, 0}), "08P01"),
        Arguments.of("silence", new byte[0], "08001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileAnswers")
  void sessionFailsClosed(String name, byte[] answer, String sqlState) {
    fake.answerWith(answer);
    String url = proxy.jdbcUrl("").replace("/" + TestProxy.DATABASE + "?", "/hostile?");
    PSQLException e = catchThrowableOfType(PSQLException.class,
        () -> DriverManager.getConnection(url, TestProxy.USER, proxy.password()).close());
    assertThat((Object) e).as(name).isNotNull();
    assertThat(e.getServerErrorMessage()).as(name + ": a proper ErrorResponse").isNotNull();
    assertThat(e.getSQLState()).as(name).isEqualTo(sqlState);
    assertThat(e.getServerErrorMessage().getMessage()).doesNotContain("boom");
  }
}
