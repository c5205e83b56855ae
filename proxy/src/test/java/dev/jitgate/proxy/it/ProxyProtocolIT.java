package dev.jitgate.proxy.it;

import static dev.jitgate.proxy.testing.RawPgClient.cstring;
import static dev.jitgate.proxy.testing.RawPgClient.packet;
import static dev.jitgate.proxy.testing.RawPgClient.startup;
import static dev.jitgate.proxy.testing.RawPgClient.typed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.ProxyConfigs;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import dev.jitgate.proxy.tls.ClientTlsMode;
import io.micrometer.core.instrument.Counter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken clients against a real proxy: every case gets a FATAL with a SQLSTATE (or, where
 * PostgreSQL says nothing, a silent close), and the proxy keeps serving real clients afterwards.
 */
@ExtendWith(PostgresExtension.class)
class ProxyProtocolIT {

  private static TestProxy proxy;
  private static TestProxy requireTlsProxy;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    proxy = TestProxy.start(pg);
    requireTlsProxy =
        TestProxy.start(pg, c -> ProxyConfigs.withTlsMode(c, ClientTlsMode.REQUIRE));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    requireTlsProxy.close();
  }

  @AfterEach
  void proxyStillServesRealClients() throws Exception {
    try (Connection c = DriverManager.getConnection(proxy.jdbcUrl(""), TestProxy.USER, proxy.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  private RawPgClient client() throws Exception {
    return new RawPgClient(proxy.host(), proxy.port());
  }

  private static Map<String, String> login() {
    return Map.of("user", TestProxy.USER, "database", TestProxy.DATABASE);
  }

  private static void assertFatal(RawPgClient c, String sqlState) throws Exception {
    RawPgClient.Message error = c.readUntilError();
    assertThat(error).as("an ErrorResponse").isNotNull();
    assertThat(error.severity()).isEqualTo("FATAL");
    assertThat(error.sqlState()).isEqualTo(sqlState);
    assertThat(c.closedByServer()).as("socket closed after FATAL").isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 7, 10_001, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
  void badStartupPacketLengths(int length) throws Exception {
    try (RawPgClient c = client()) {
      c.send(packet(length, 196608));
      assertFatal(c, "08P01");
    }
  }

  @Test
  void unsupportedProtocolVersion() throws Exception {
    try (RawPgClient c = client()) {
      c.send(packet(8, 2 << 16));
      assertFatal(c, "0A000");
    }
  }

  @Test
  void plaintextPipelinedAfterSslRequestIsRejected() throws Exception {
    try (RawPgClient c = client()) {
      byte[] ssl = packet(8, 80877103);
      byte[] start = startup(0, login());
      byte[] both = new byte[ssl.length + start.length];
      System.arraycopy(ssl, 0, both, 0, ssl.length);
      System.arraycopy(start, 0, both, ssl.length, start.length);
      c.send(both);
      // The answer must not be 'S' followed by a TLS handshake over attacker-chosen bytes.
      assertFatal(c, "08P01");
    }
  }

  @Test
  void requireModeRejectsPlaintextBeforeAskingForAPassword() throws Exception {
    try (RawPgClient c = new RawPgClient(requireTlsProxy.host(), requireTlsProxy.port())) {
      c.send(startup(0, login()));
      RawPgClient.Message first = c.read();
      assertThat(first.type()).as("no authentication request, straight to the error").isEqualTo('E');
      assertThat(first.sqlState()).isEqualTo("28000");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void gssEncRequestIsAnsweredN() throws Exception {
    try (RawPgClient c = client()) {
      c.send(packet(8, 80877104));
      assertThat(c.readByte()).isEqualTo('N');
      c.send(startup(0, login()));
      RawPgClient.Message auth = c.read();
      assertThat(auth.type()).isEqualTo('R');
    }
  }

  @Test
  void queryBeforeAuthenticationIsFatal() throws Exception {
    try (RawPgClient c = client()) {
      c.send(startup(0, login()));
      assertThat(c.read().type()).isEqualTo('R'); // AuthenticationSASL
      c.send(typed('Q', cstring("SELECT 1")));
      assertFatal(c, "08P01");
    }
  }

  @Test
  void secondStartupMessageDuringSaslIsFatal() throws Exception {
    try (RawPgClient c = client()) {
      c.send(startup(0, login()));
      assertThat(c.read().type()).isEqualTo('R');
      c.send(startup(0, login()));
      assertFatal(c, "08P01");
    }
  }

  @Test
  void malformedSaslInitialResponseIsFatal() throws Exception {
    try (RawPgClient c = client()) {
      c.send(startup(0, login()));
      assertThat(c.read().type()).isEqualTo('R');
      byte[] mech = cstring("SCRAM-SHA-256");
      byte[] body = new byte[mech.length + 4 + 3];
      System.arraycopy(mech, 0, body, 0, mech.length);
      body[mech.length + 3] = 3;
      body[mech.length + 4] = 'x';
      body[mech.length + 5] = ',';
      body[mech.length + 6] = ',';
      c.send(typed('p', body));
      assertFatal(c, "08P01");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 8193, Integer.MAX_VALUE, -5})
  void badMessageLengthsDuringAuthentication(int length) throws Exception {
    try (RawPgClient c = client()) {
      c.send(startup(0, login()));
      assertThat(c.read().type()).isEqualTo('R');
      c.send(new byte[] {'p', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
      assertFatal(c, "08P01");
    }
  }

  @Test
  void unknownUserIsNotRevealedBeforeThePasswordStep() throws Exception {
    try (RawPgClient c = client()) {
      c.send(startup(0, Map.of("user", "nobody-here", "database", TestProxy.DATABASE)));
      RawPgClient.Message auth = c.read();
      assertThat(auth.type()).as("a mock SASL exchange, like for a real user").isEqualTo('R');
    }
  }

  @Test
  void newerMinorVersionIsNegotiatedDown() throws Exception {
    try (RawPgClient c = client()) {
      c.send(startup(5, Map.of("user", TestProxy.USER, "database", TestProxy.DATABASE, "_pq_.something", "x")));
      RawPgClient.Message npv = c.read();
      assertThat(npv.type()).isEqualTo('v');
      int newest = ((npv.body()[0] & 0xFF) << 24) | ((npv.body()[1] & 0xFF) << 16) | ((npv.body()[2] & 0xFF) << 8) | (npv.body()[3] & 0xFF);
      assertThat(newest).as("3.2 as PostgreSQL encodes it").isEqualTo((3 << 16) | 2);
      assertThat(new String(npv.body(), 8, npv.body().length - 9)).isEqualTo("_pq_.something");
      assertThat(c.read().type()).isEqualTo('R');
    }
  }

  @Test
  void cancelRequestsWithUnknownKeysGetNoReplyAndAreCounted() throws Exception {
    Counter ignored = proxy.registry().find("jitgate.proxy.cancel.requests").tag("result", "ignored").counter();
    double before = ignored.count();
    for (int i = 0; i < 50; i++) {
      try (RawPgClient c = client()) {
        c.send(packet(16, 80877102, 12345 + i, 0xCAFE));
        assertThat(c.closedByServer()).isTrue();
      }
    }
    assertThat(ignored.count() - before).isEqualTo(50);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 13, 15, 300})
  void cancelRequestsWithWrongLengthsAreProtocolErrors(int length) throws Exception {
    try (RawPgClient c = client()) {
      byte[] p = new byte[length];
      byte[] head = packet(length, 80877102);
      System.arraycopy(head, 0, p, 0, head.length);
      c.send(p);
      assertFatal(c, "08P01");
    }
  }
}
