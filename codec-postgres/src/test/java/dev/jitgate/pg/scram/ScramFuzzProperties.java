package dev.jitgate.pg.scram;

import static dev.jitgate.pg.RandomCases.forAll;
import static dev.jitgate.pg.scram.ScramTestSupport.PLAIN;
import static dev.jitgate.pg.scram.ScramTestSupport.PLUS;
import static dev.jitgate.pg.scram.ScramTestSupport.attribute;
import static dev.jitgate.pg.scram.ScramTestSupport.seededRandom;
import static dev.jitgate.pg.scram.ScramTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.RandomCases;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing: random and mutated SCRAM messages must only ever end in {@link ScramException} (never a
 * runtime exception), and a mutated message must never authenticate.
 */
class ScramFuzzProperties {

  static final String PASSWORD = "pencil";
  static final ScramVerifier VERIFIER = ScramVerifier.fromPassword(PASSWORD, utf8("saltsalt"), 2);
  static final byte[] CB_DATA = ScramCrypto.sha256(utf8("certificate"));
  static final byte[] MOCK_SECRET = ScramCrypto.sha256(utf8("mock"));

  enum Kind {
    REPLACE,
    INSERT,
    DELETE,
    TRUNCATE
  }

  record Mutation(Kind kind, int position, byte value) {}

  /** A (possibly null) outcome of a step that may only fail with ScramException. */
  interface Step<T> {
    T run() throws ScramException;
  }

  /** A step without a result. */
  interface VoidStep {
    void run() throws ScramException;
  }

  static void ignoringScramException(VoidStep step) {
    orNull(
        () -> {
          step.run();
          return Boolean.TRUE;
        });
  }

  static <T> T orNull(Step<T> step) {
    try {
      return step.run();
    } catch (ScramException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
      return null;
    }
  }

  static byte[] mutate(byte[] original, List<Mutation> mutations) {
    byte[] current = original;
    for (Mutation m : mutations) {
      int pos = current.length == 0 ? 0 : m.position() % (current.length + 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      switch (m.kind()) {
        case REPLACE -> {
          out.write(current, 0, current.length);
          byte[] b = out.toByteArray();
          if (b.length > 0) {
            b[Math.min(pos, b.length - 1)] = m.value();
          }
          current = b;
          continue;
        }
        case INSERT -> {
          out.write(current, 0, pos);
          out.write(m.value());
          out.write(current, pos, current.length - pos);
        }
        case DELETE -> {
          out.write(current, 0, Math.min(pos, current.length));
          if (pos + 1 <= current.length) {
            out.write(current, pos + 1, current.length - pos - 1);
          }
        }
        case TRUNCATE -> out.write(current, 0, Math.min(pos, current.length));
      }
      current = out.toByteArray();
    }
    return current;
  }

  private static final byte[] INTERESTING = {
    ',', '=', 'n', 'y', 'p', 'r', 'c', 'm', 'a', 's', 'i', 'v', 'e', '0', '9', '+', '/', '-', ' ', 0, 0x7f,
    (byte) 0x80, (byte) 0xc3, (byte) 0xff
  };

  /** An edit at a position in 0..2000; the byte is one SCRAM syntax cares about half the time. */
  static Mutation mutation(RandomGenerator r) {
    byte value = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : RandomCases.anyByte(r);
    return new Mutation(RandomCases.pick(r, Kind.values()), RandomCases.intBetween(r, 0, 2000), value);
  }

  /** 1 to 4 mutations. */
  static List<Mutation> mutations(RandomGenerator r) {
    return RandomCases.listOf(r, 1, 4, ScramFuzzProperties::mutation);
  }

  /** A real or near-miss mechanism name, or any string up to 24 chars; null 5% of the time. */
  static String mechanism(RandomGenerator r) {
    return RandomCases.orNull(
        r,
        0.05,
        g ->
            switch (g.nextInt(3)) {
              case 0 -> RandomCases.pick(g, PLAIN, PLUS, "", "SCRAM-SHA-1", "SCRAM-SHA-256-PLUS ");
              case 1 -> RandomCases.stringInRanges(g, 0, 24, '\u0020', '\u007e');
              default -> RandomCases.stringInRanges(g, 0, 24, '\u0000', '\uFFFF');
            });
  }

  /** Random bytes (up to 1500) or a string of SCRAM-ish characters (up to 120), UTF-8; null 2% of the time. */
  static byte[] message(RandomGenerator r) {
    return RandomCases.orNull(
        r,
        0.02,
        g ->
            g.nextBoolean()
                ? RandomCases.bytes(g, 1500)
                : utf8(RandomCases.stringOf(g, "nyprcmsiave=,+/0123456789ABCxyz-\u00e9\u0000", 120)));
  }

  private static ScramServer server(boolean mock, boolean tls, SecureRandom random) {
    byte[] cb = tls ? CB_DATA : null;
    return mock ? ScramServer.mock("user", MOCK_SECRET, 2, random, cb) : ScramServer.forVerifier(VERIFIER, random, cb);
  }

  // ---- server side ----

  @Test
  void randomClientFirstOnlyFailsWithScramException() {
    forAll(
        1000,
        r ->
            randomClientFirstOnlyFailsWithScramException(
                message(r), mechanism(r), r.nextBoolean(), r.nextBoolean(), RandomCases.anyLong(r)));
  }

  private static void randomClientFirstOnlyFailsWithScramException(
      byte[] message, String mechanism, boolean tls, boolean mock, long seed) {
    ScramServer server = server(mock, tls, seededRandom(seed));
    orNull(() -> server.handleClientFirst(mechanism, message));
    orNull(() -> server.handleClientFinal(message));
  }

  @Test
  void randomClientFinalOnlyFailsWithScramException() {
    forAll(
        1000,
        r ->
            randomClientFinalOnlyFailsWithScramException(
                message(r), r.nextBoolean(), r.nextBoolean(), RandomCases.anyLong(r)));
  }

  private static void randomClientFinalOnlyFailsWithScramException(byte[] message, boolean tls, boolean mock, long seed)
      throws ScramException {
    ScramServer server = server(mock, tls, seededRandom(seed));
    server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc"));
    orNull(() -> server.handleClientFinal(message));
    assertThat(server.isAuthenticated()).isFalse();
  }

  @Test
  void mutatedClientFirstNeverAuthenticatesAndOnlyFailsWithScramException() {
    forAll(
        1000,
        r ->
            mutatedClientFirstNeverAuthenticatesAndOnlyFailsWithScramException(
                mutations(r), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), RandomCases.anyLong(r)));
  }

  private static void mutatedClientFirstNeverAuthenticatesAndOnlyFailsWithScramException(
      List<Mutation> mutations, boolean tls, boolean plus, boolean mock, long seed) {
    SecureRandom random = seededRandom(seed);
    ScramServer server = server(mock, tls, random);
    String mechanism = tls && plus ? PLUS : PLAIN;
    ScramClient client = new ScramClient(PASSWORD, random, mechanism, tls && plus ? CB_DATA : null);
    byte[] original = client.clientFirstMessage();
    byte[] mutated = mutate(original, mutations);

    byte[] serverFirst = orNull(() -> server.handleClientFirst(mechanism, mutated));
    if (serverFirst == null) {
      return;
    }
    byte[] clientFinal = orNull(() -> client.handleServerFirst(serverFirst));
    if (clientFinal == null) {
      return;
    }
    byte[] serverFinal = orNull(() -> server.handleClientFinal(clientFinal));
    if (serverFinal != null) {
      assertThat(mutated).isEqualTo(original);
      assertThat(mock).isFalse();
    }
  }

  @Test
  void mutatedClientFinalNeverAuthenticatesAndOnlyFailsWithScramException() {
    forAll(
        1000,
        r ->
            mutatedClientFinalNeverAuthenticatesAndOnlyFailsWithScramException(
                mutations(r), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), RandomCases.anyLong(r)));
  }

  private static void mutatedClientFinalNeverAuthenticatesAndOnlyFailsWithScramException(
      List<Mutation> mutations, boolean tls, boolean plus, boolean mock, boolean wrongPassword, long seed)
      throws ScramException {
    SecureRandom random = seededRandom(seed);
    ScramServer server = server(mock, tls, random);
    String mechanism = tls && plus ? PLUS : PLAIN;
    ScramClient client = new ScramClient(wrongPassword ? "pencil2" : PASSWORD, random, mechanism, tls && plus ? CB_DATA : null);
    byte[] original = client.handleServerFirst(server.handleClientFirst(mechanism, client.clientFirstMessage()));
    byte[] mutated = mutate(original, mutations);

    byte[] serverFinal = orNull(() -> server.handleClientFinal(mutated));

    boolean shouldSucceed = !mock && !wrongPassword && Arrays.equals(mutated, original);
    assertThat(serverFinal != null).isEqualTo(shouldSucceed);
    assertThat(server.isAuthenticated()).isEqualTo(shouldSucceed);
  }

  // ---- client side: a hostile upstream server ----

  @Test
  void mutatedServerFirstOnlyFailsWithScramException() {
    forAll(
        500, r -> mutatedServerFirstOnlyFailsWithScramException(mutations(r), r.nextBoolean(), RandomCases.anyLong(r)));
  }

  private static void mutatedServerFirstOnlyFailsWithScramException(List<Mutation> mutations, boolean tls, long seed) {
    ScramClient client = new ScramClient(PASSWORD, seededRandom(seed), PLAIN, tls ? CB_DATA : null);
    byte[] serverFirst = utf8("r=" + attribute(client.clientFirstMessage(), 'r') + "srv,s=c2FsdHNhbHQ=,i=2");
    orNull(() -> client.handleServerFirst(mutate(serverFirst, mutations)));
  }

  @Test
  void randomServerMessagesOnlyFailWithScramException() {
    forAll(500, r -> randomServerMessagesOnlyFailWithScramException(message(r), message(r), RandomCases.anyLong(r)));
  }

  private static void randomServerMessagesOnlyFailWithScramException(byte[] first, byte[] last, long seed)
      throws ScramException {
    ScramClient client = new ScramClient(PASSWORD, seededRandom(seed), PLAIN, null);
    orNull(() -> client.handleServerFirst(first));
    ignoringScramException(() -> client.verifyServerFinal(last));

    ScramClient other = new ScramClient(PASSWORD, seededRandom(seed), PLAIN, null);
    other.handleServerFirst(utf8("r=" + attribute(other.clientFirstMessage(), 'r') + "srv,s=c2FsdA==,i=2"));
    ignoringScramException(() -> other.verifyServerFinal(last));
    assertThat(other.isServerAuthenticated()).isFalse();
  }

  @Test
  void mutatedServerFinalIsNeverAccepted() {
    forAll(500, r -> mutatedServerFinalIsNeverAccepted(mutations(r), r.nextBoolean(), RandomCases.anyLong(r)));
  }

  private static void mutatedServerFinalIsNeverAccepted(List<Mutation> mutations, boolean tls, long seed)
      throws ScramException {
    SecureRandom random = seededRandom(seed);
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, tls ? CB_DATA : null);
    String mechanism = tls ? PLUS : PLAIN;
    ScramClient client = new ScramClient(PASSWORD, random, mechanism, tls ? CB_DATA : null);
    byte[] original =
        server.handleClientFinal(client.handleServerFirst(server.handleClientFirst(mechanism, client.clientFirstMessage())));
    byte[] mutated = mutate(original, mutations);

    ignoringScramException(() -> client.verifyServerFinal(mutated));
    assertThat(client.isServerAuthenticated()).isEqualTo(Arrays.equals(mutated, original));
  }
}
