package dev.jitgate.pg.scram;

import static dev.jitgate.pg.scram.ScramTestSupport.PLAIN;
import static dev.jitgate.pg.scram.ScramTestSupport.PLUS;
import static dev.jitgate.pg.scram.ScramTestSupport.attribute;
import static dev.jitgate.pg.scram.ScramTestSupport.seededRandom;
import static dev.jitgate.pg.scram.ScramTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

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

  @Provide
  Arbitrary<Mutation> mutation() {
    Arbitrary<Byte> interesting =
        Arbitraries.of(
            (byte) ',', (byte) '=', (byte) 'n', (byte) 'y', (byte) 'p', (byte) 'r', (byte) 'c', (byte) 'm',
            (byte) 'a', (byte) 's', (byte) 'i', (byte) 'v', (byte) 'e', (byte) '0', (byte) '9', (byte) '+',
            (byte) '/', (byte) '-', (byte) ' ', (byte) 0, (byte) 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff);
    return Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.integers().between(0, 2000),
            Arbitraries.oneOf(interesting, Arbitraries.bytes()))
        .as(Mutation::new);
  }

  @Provide
  Arbitrary<String> mechanism() {
    return Arbitraries.oneOf(
            Arbitraries.of(PLAIN, PLUS, "", "SCRAM-SHA-1", "SCRAM-SHA-256-PLUS "),
            Arbitraries.strings().ofMaxLength(24))
        .injectNull(0.05);
  }

  @Provide
  Arbitrary<byte[]> message() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
    Arbitrary<byte[]> scrammy =
        Arbitraries.strings()
            .withChars("nyprcmsiave=,+/0123456789ABCxyz-")
            .withChars('\u00e9', '\u0000')
            .ofMaxLength(120)
            .map(ScramTestSupport::utf8);
    return Arbitraries.oneOf(raw, scrammy).injectNull(0.02);
  }

  private static ScramServer server(boolean mock, boolean tls, SecureRandom random) {
    byte[] cb = tls ? CB_DATA : null;
    return mock ? ScramServer.mock("user", MOCK_SECRET, 2, random, cb) : ScramServer.forVerifier(VERIFIER, random, cb);
  }

  // ---- server side ----

  @Property(tries = 1000)
  void randomClientFirstOnlyFailsWithScramException(
      @ForAll("message") byte[] message,
      @ForAll("mechanism") String mechanism,
      @ForAll boolean tls,
      @ForAll boolean mock,
      @ForAll long seed) {
    ScramServer server = server(mock, tls, seededRandom(seed));
    orNull(() -> server.handleClientFirst(mechanism, message));
    orNull(() -> server.handleClientFinal(message));
  }

  @Property(tries = 1000)
  void randomClientFinalOnlyFailsWithScramException(
      @ForAll("message") byte[] message, @ForAll boolean tls, @ForAll boolean mock, @ForAll long seed)
      throws ScramException {
    ScramServer server = server(mock, tls, seededRandom(seed));
    server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc"));
    orNull(() -> server.handleClientFinal(message));
    assertThat(server.isAuthenticated()).isFalse();
  }

  @Property(tries = 1000)
  void mutatedClientFirstNeverAuthenticatesAndOnlyFailsWithScramException(
      @ForAll @Size(min = 1, max = 4) List<@From("mutation") Mutation> mutations,
      @ForAll boolean tls,
      @ForAll boolean plus,
      @ForAll boolean mock,
      @ForAll long seed) {
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

  @Property(tries = 1000)
  void mutatedClientFinalNeverAuthenticatesAndOnlyFailsWithScramException(
      @ForAll @Size(min = 1, max = 4) List<@From("mutation") Mutation> mutations,
      @ForAll boolean tls,
      @ForAll boolean plus,
      @ForAll boolean mock,
      @ForAll boolean wrongPassword,
      @ForAll long seed)
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

  @Property(tries = 500)
  void mutatedServerFirstOnlyFailsWithScramException(
      @ForAll @Size(min = 1, max = 4) List<@From("mutation") Mutation> mutations, @ForAll boolean tls, @ForAll long seed) {
    ScramClient client = new ScramClient(PASSWORD, seededRandom(seed), PLAIN, tls ? CB_DATA : null);
    byte[] serverFirst = utf8("r=" + attribute(client.clientFirstMessage(), 'r') + "srv,s=c2FsdHNhbHQ=,i=2");
    orNull(() -> client.handleServerFirst(mutate(serverFirst, mutations)));
  }

  @Property(tries = 500)
  void randomServerMessagesOnlyFailWithScramException(
      @ForAll("message") byte[] first, @ForAll("message") byte[] last, @ForAll long seed) throws ScramException {
    ScramClient client = new ScramClient(PASSWORD, seededRandom(seed), PLAIN, null);
    orNull(() -> client.handleServerFirst(first));
    ignoringScramException(() -> client.verifyServerFinal(last));

    ScramClient other = new ScramClient(PASSWORD, seededRandom(seed), PLAIN, null);
    other.handleServerFirst(utf8("r=" + attribute(other.clientFirstMessage(), 'r') + "srv,s=c2FsdA==,i=2"));
    ignoringScramException(() -> other.verifyServerFinal(last));
    assertThat(other.isServerAuthenticated()).isFalse();
  }

  @Property(tries = 500)
  void mutatedServerFinalIsNeverAccepted(
      @ForAll @Size(min = 1, max = 4) List<@From("mutation") Mutation> mutations, @ForAll boolean tls, @ForAll long seed)
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
