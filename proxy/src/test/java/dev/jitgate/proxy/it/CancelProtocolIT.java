package dev.jitgate.proxy.it;

import static dev.jitgate.proxy.testing.RawPgClient.cstring;
import static dev.jitgate.proxy.testing.RawPgClient.typed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import dev.jitgate.proxy.testing.TestProxy;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy's own cancel keys: 4 bytes under protocol 3.0 and 32 under 3.2 (whatever the upstream
 * server negotiated), quoted on a new plaintext connection as psql does on Ctrl+C.
 */
@ExtendWith(PostgresExtension.class)
class CancelProtocolIT {

  private static TestProxy proxy;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    proxy = TestProxy.start(pg);
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @ParameterizedTest(name = "protocol 3.{0}")
  @ValueSource(ints = {0, 2})
  void cancelWithTheProxysKey(int minor) throws Exception {
    try (RawPgClient session = new RawPgClient(proxy.host(), proxy.port())) {
      List<RawPgClient.Message> startup = session.login(minor, TestProxy.USER, TestProxy.DATABASE, proxy.password());
      RawPgClient.Message key = startup.stream().filter(m -> m.type() == 'K').findFirst().orElseThrow();
      assertThat(key.body().length - 4).as("secret key length").isEqualTo(minor >= 2 ? 32 : 4);
      int pid = ByteBuffer.wrap(key.body()).getInt();
      byte[] secret = Arrays.copyOfRange(key.body(), 4, key.body().length);

      session.send(typed('Q', cstring("SELECT pg_sleep(30)")));
      // A wrong key first: ignored, the query keeps running.
      byte[] wrong = secret.clone();
      wrong[0] ^= 1;
      sendCancel(pid, wrong);
      assertThat(session.silentFor(700)).as("a wrong key cancels nothing").isTrue();

      sendCancel(pid, secret);
      RawPgClient.Message error = session.readUntilError();
      assertThat(error.sqlState()).isEqualTo("57014");
      RawPgClient.Message ready = session.read();
      assertThat(ready.type()).isEqualTo('Z');
    }
  }

  private static void sendCancel(int pid, byte[] secret) throws Exception {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(12).putInt(12 + secret.length).putInt(80877102).putInt(pid);
    p.writeBytes(head.array());
    p.writeBytes(secret);
    try (RawPgClient c = new RawPgClient(proxy.host(), proxy.port())) {
      c.send(p.toByteArray());
      assertThat(c.closedByServer()).isTrue();
    }
  }
}
