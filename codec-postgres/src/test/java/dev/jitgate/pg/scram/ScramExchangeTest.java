package dev.jitgate.pg.scram;

import static dev.jitgate.pg.scram.ScramTestSupport.PLAIN;
import static dev.jitgate.pg.scram.ScramTestSupport.PLUS;
import static dev.jitgate.pg.scram.ScramTestSupport.attribute;
import static dev.jitgate.pg.scram.ScramTestSupport.b64;
import static dev.jitgate.pg.scram.ScramTestSupport.text;
import static dev.jitgate.pg.scram.ScramTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.pg.scram.ScramException.Reason;
import java.security.SecureRandom;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client and server talking to each other, and the server refusing what it must refuse. */
class ScramExchangeTest {

  static final String PASSWORD = "correct horse battery staple";
  static final ScramVerifier VERIFIER = ScramVerifier.fromPassword(PASSWORD, utf8("0123456789abcdef"), 64);
  static final byte[] CB_DATA = ScramCrypto.sha256(utf8("server certificate"));
  static final byte[] MOCK_SECRET = ScramCrypto.sha256(utf8("mock secret"));

  final SecureRandom random = new SecureRandom();

  /** Runs a whole exchange; returns the client after it verified the server. */
  static ScramClient exchange(ScramServer server, ScramClient client) throws ScramException {
    byte[] serverFirst = server.handleClientFirst(client.mechanism(), client.clientFirstMessage());
    byte[] serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));
    client.verifyServerFinal(serverFinal);
    return client;
  }

  static void assertFails(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ScramException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void roundTripWithoutChannelBinding() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    String mechanism = ScramClient.chooseMechanism(server.mechanisms(), false);
    ScramClient client = new ScramClient(PASSWORD, random, mechanism, null);

    assertThat(mechanism).isEqualTo(PLAIN);
    assertThat(text(client.clientFirstMessage())).startsWith("n,,n=,r=");
    assertThat(exchange(server, client).isServerAuthenticated()).isTrue();
    assertThat(server.isAuthenticated()).isTrue();
  }

  @Test
  void roundTripWithChannelBinding() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    String mechanism = ScramClient.chooseMechanism(server.mechanisms(), true);
    ScramClient client = new ScramClient(PASSWORD, random, mechanism, CB_DATA);

    assertThat(server.mechanisms()).containsExactly(PLUS, PLAIN);
    assertThat(mechanism).isEqualTo(PLUS);
    assertThat(text(client.clientFirstMessage())).startsWith("p=tls-server-end-point,,n=,r=");
    assertThat(exchange(server, client).isServerAuthenticated()).isTrue();
    assertThat(server.isAuthenticated()).isTrue();
  }

  @Test
  void clientWithoutChannelBindingSupportMayUsePlainScramOverTls() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null); // sends n,,

    assertThat(exchange(server, client).isServerAuthenticated()).isTrue();
  }

  @Test
  void clientSendsYWhenItHasTlsButServerDidNotOfferPlus() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    ScramClient client = new ScramClient(PASSWORD, random, ScramClient.chooseMechanism(server.mechanisms(), true), CB_DATA);

    assertThat(text(client.clientFirstMessage())).startsWith("y,,");
    assertThat(exchange(server, client).isServerAuthenticated()).isTrue();
  }

  @Test
  void wrongPasswordIsInvalidProof() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    ScramClient client = new ScramClient("wrong", random, PLUS, CB_DATA);
    byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(PLUS, client.clientFirstMessage()));

    assertFails(Reason.INVALID_PROOF, () -> server.handleClientFinal(clientFinal));
    assertThat(server.isAuthenticated()).isFalse();
  }

  @Test
  void mockUserFailsLikeAWrongPassword() throws ScramException {
    ScramServer real = ScramServer.forVerifier(VERIFIER, random, null);
    ScramClient wrong = new ScramClient("wrong", random, PLAIN, null);
    byte[] realFinal = wrong.handleServerFirst(real.handleClientFirst(PLAIN, wrong.clientFirstMessage()));
    ScramException wrongPassword = catchScram(() -> real.handleClientFinal(realFinal));

    ScramServer mock = ScramServer.mock("nobody", MOCK_SECRET, random, null);
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    byte[] serverFirst = mock.handleClientFirst(PLAIN, client.clientFirstMessage());
    assertThat(attribute(serverFirst, 'i')).isEqualTo("4096");
    assertThat(b64(attribute(serverFirst, 's'))).hasSize(16);
    byte[] clientFinal = client.handleServerFirst(serverFirst);
    ScramException unknownUser = catchScram(() -> mock.handleClientFinal(clientFinal));

    assertThat(unknownUser.reason()).isEqualTo(Reason.INVALID_PROOF).isEqualTo(wrongPassword.reason());
    assertThat(unknownUser.getMessage()).isEqualTo(wrongPassword.getMessage());
    assertThat(mock.isAuthenticated()).isFalse();
  }

  @Test
  void mockSaltIsStablePerUserAndDiffersBetweenUsers() throws ScramException {
    String alice1 = mockSalt("alice", MOCK_SECRET);
    String alice2 = mockSalt("alice", MOCK_SECRET);
    String bob = mockSalt("bob", MOCK_SECRET);
    String aliceOtherServer = mockSalt("alice", ScramCrypto.sha256(utf8("another secret")));

    assertThat(alice1).isEqualTo(alice2);
    assertThat(bob).isNotEqualTo(alice1);
    assertThat(aliceOtherServer).isNotEqualTo(alice1);
  }

  @Test
  void mockSaltIsPostgresScramMockSalt() {
    // scram_mock_salt(): SHA-256 over the user name then the mock nonce, first 16 bytes.
    java.security.MessageDigest sha = ScramCrypto.sha256Digest();
    sha.update(utf8("alice"));
    sha.update(MOCK_SECRET);
    assertThat(ScramServer.mockSalt("alice", MOCK_SECRET)).isEqualTo(java.util.Arrays.copyOf(sha.digest(), 16));
  }

  @Test
  void mockRejectsShortSecrets() {
    assertThatThrownBy(() -> ScramServer.mock("alice", new byte[8], random, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private String mockSalt(String user, byte[] secret) throws ScramException {
    ScramServer server = ScramServer.mock(user, secret, random, null);
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    return attribute(server.handleClientFirst(PLAIN, client.clientFirstMessage()), 's');
  }

  @Test
  void downgradeFromPlusIsRejected() {
    // The server offered -PLUS, the client supports channel binding but claims the server does not.
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, CB_DATA);

    assertThat(text(client.clientFirstMessage())).startsWith("y,,");
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLAIN, client.clientFirstMessage()));
  }

  @Test
  void plusWithoutTlsIsRejected() {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    ScramClient client = new ScramClient(PASSWORD, random, PLUS, CB_DATA);

    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLUS, client.clientFirstMessage()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"n,,n=,r=abc", "y,,n=,r=abc"})
  void plusWithoutBindingFlagIsRejected(String clientFirst) {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLUS, utf8(clientFirst)));
  }

  @Test
  void bindingFlagWithPlainMechanismIsRejected() {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    assertFails(
        Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLAIN, utf8("p=tls-server-end-point,,n=,r=abc")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SCRAM-SHA-1", "scram-sha-256", "", "SCRAM-SHA-256-PLUS "})
  void unknownMechanismIsRejected(String mechanism) {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(mechanism, utf8("n,,n=,r=abc")));
  }

  @Test
  void wrongChannelBindingDataIsRejected() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    ScramClient client = new ScramClient(PASSWORD, random, PLUS, ScramCrypto.sha256(utf8("attacker certificate")));
    byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(PLUS, client.clientFirstMessage()));

    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFinal(clientFinal));
  }

  @Test
  void channelBindingHeaderMustMatchClientFirst() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    byte[] serverFirst = server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc"));
    String nonce = attribute(serverFirst, 'r');
    // "eSws" is base64("y,,"), but the client said "n,,".
    assertFails(
        Reason.PROTOCOL_VIOLATION,
        () -> server.handleClientFinal(utf8("c=eSws,r=" + nonce + ",p=" + b64(new byte[32]))));
  }

  @Test
  void nonceMismatchIsRejected() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc"));
    assertFails(
        Reason.PROTOCOL_VIOLATION, () -> server.handleClientFinal(utf8("c=biws,r=abcXYZ,p=" + b64(new byte[32]))));
  }

  @Test
  void messagesOutOfOrderAreRejectedAndEndTheExchange() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFinal(utf8("c=biws,r=abc,p=" + b64(new byte[32]))));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc")));

    ScramServer twice = ScramServer.forVerifier(VERIFIER, random, null);
    twice.handleClientFirst(PLAIN, utf8("n,,n=,r=abc"));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> twice.handleClientFirst(PLAIN, utf8("n,,n=,r=abc")));
  }

  @Test
  void afterAWrongProofTheExchangeIsOver() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    ScramClient client = new ScramClient("wrong", random, PLAIN, null);
    byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(PLAIN, client.clientFirstMessage()));
    assertFails(Reason.INVALID_PROOF, () -> server.handleClientFinal(clientFinal));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFinal(clientFinal));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "n,,",
        "n,,n=",
        "n,,r=abc",
        "n,,n=,r=",
        "n,,n=,r=a b",
        "n,a=admin,n=,r=abc",
        "n,,m=ext,n=,r=abc",
        "x,,n=,r=abc",
        "p=tls-unique,,n=,r=abc",
        "p=,,n=,r=abc",
        "n,,n=us=er,r=abc",
        "n,,n=,r=abc,",
        "n,,n=,r=abc,=x",
        "n,,n=,r=abc,1=x",
        "n,,n=,x=abc",
        "N,,n=,r=abc",
        "n,,n=,r=abc\u0000"
      })
  void malformedClientFirstIsRejected(String message) {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLAIN, utf8(message)));
  }

  @Test
  void clientFirstAcceptsEscapedUserNamesAndExtensions() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    byte[] serverFirst = server.handleClientFirst(PLAIN, utf8("n,,n=a=2Cb=3D,r=abc,x=future"));
    assertThat(attribute(serverFirst, 'r')).startsWith("abc").hasSizeGreaterThan(3);
  }

  @Test
  void oversizedAndInvalidUtf8ClientFirstIsRejected() {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    assertFails(
        Reason.PROTOCOL_VIOLATION, () -> server.handleClientFirst(PLAIN, utf8("n,,n=,r=" + "a".repeat(1100))));
    assertFails(
        Reason.PROTOCOL_VIOLATION,
        () -> ScramServer.forVerifier(VERIFIER, random, null).handleClientFirst(PLAIN, new byte[] {'n', ',', ',', (byte) 0xC3}));
    assertFails(
        Reason.PROTOCOL_VIOLATION, () -> ScramServer.forVerifier(VERIFIER, random, null).handleClientFirst(PLAIN, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c=biws,r=%s",
        "c=biws,p=%p",
        "r=%s,c=biws,p=%p",
        "c=biws,r=%s,p=%p,",
        "c=biws,r=%s,p=AAAA",
        "c=biws,r=%s,p=%p=",
        "c=biws,r=%s,p=%p,x=y",
        "c=biws,r=%s,p=%p,p=%p",
        "c=biw,r=%s,p=%p",
        "c=biws=,r=%s,p=%p",
        "c=,r=%s,p=%p",
        "c=biws,r=%s,,p=%p",
        "c=biws,r=%s,1=x,p=%p",
        "c=biws,r=%s,p=%p\u0000"
      })
  void malformedClientFinalIsRejected(String template) throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    String nonce = attribute(server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc")), 'r');
    String message = template.replace("%s", nonce).replace("%p", b64(new byte[32]));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> server.handleClientFinal(utf8(message)));
  }

  @Test
  void clientFinalExtensionsBeforeTheProofAreAllowed() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    String nonce = attribute(server.handleClientFirst(PLAIN, utf8("n,,n=,r=abc")), 'r');
    // Well-formed, so it gets as far as the proof check.
    assertFails(
        Reason.INVALID_PROOF,
        () -> server.handleClientFinal(utf8("c=biws,r=" + nonce + ",x=ext,p=" + b64(new byte[32]))));
  }

  @Test
  void chooseMechanismPrefersPlusOnlyWithChannelBinding() throws ScramException {
    assertThat(ScramClient.chooseMechanism(List.of(PLUS, PLAIN), true)).isEqualTo(PLUS);
    assertThat(ScramClient.chooseMechanism(List.of(PLUS, PLAIN), false)).isEqualTo(PLAIN);
    assertThat(ScramClient.chooseMechanism(List.of(PLAIN), true)).isEqualTo(PLAIN);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> ScramClient.chooseMechanism(List.of("SCRAM-SHA-1"), true));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> ScramClient.chooseMechanism(List.of(PLUS), false));
  }

  @Test
  void clientConstructorRejectsBadArguments() {
    assertThatThrownBy(() -> new ScramClient(PASSWORD, random, PLUS, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScramClient(PASSWORD, random, "SCRAM-SHA-1", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- client side: what a hostile or broken server may send ----

  private static String serverFirstFor(ScramClient client, String rest) {
    return "r=" + attribute(client.clientFirstMessage(), 'r') + rest;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "XYZ,s=c2FsdA==,i=4096", // ok nonce suffix, used as control below
      })
  void clientAcceptsAWellFormedServerFirst(String rest) throws ScramException {
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    assertThat(text(client.handleServerFirst(utf8(serverFirstFor(client, rest))))).startsWith("c=biws,r=");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ",s=c2FsdA==,i=4096", // server added nothing to the nonce
        "XYZ,s=,i=4096",
        "XYZ,s=c2FsdA=,i=4096",
        "XYZ,s=c2Fs dA==,i=4096",
        "XYZ,s=c2FsdA==,i=0",
        "XYZ,s=c2FsdA==,i=-1",
        "XYZ,s=c2FsdA==,i=+5",
        "XYZ,s=c2FsdA==,i=04096",
        "XYZ,s=c2FsdA==,i=10000001",
        "XYZ,s=c2FsdA==,i=99999999999999999999",
        "XYZ,s=c2FsdA==,i=",
        "XYZ,s=c2FsdA==",
        "XYZ,s=c2FsdA==,i=4096,",
        "XYZ,s=c2FsdA==,i=4096,x=y",
        "XYZ,i=4096,s=c2FsdA==",
        "X Z,s=c2FsdA==,i=4096"
      })
  void clientRejectsMalformedServerFirst(String rest) {
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> client.handleServerFirst(utf8(serverFirstFor(client, rest))));
  }

  @Test
  void clientRejectsForeignNonceAndExtensions() {
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> client.handleServerFirst(utf8("r=someoneelse,s=c2FsdA==,i=1")));
    ScramClient other = new ScramClient(PASSWORD, random, PLAIN, null);
    assertFails(
        Reason.PROTOCOL_VIOLATION,
        () -> other.handleServerFirst(utf8("m=ext," + serverFirstFor(other, "X,s=c2FsdA==,i=1"))));
  }

  @Test
  void clientChecksTheServerSignature() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, null);
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    server.handleClientFinal(client.handleServerFirst(server.handleClientFirst(PLAIN, client.clientFirstMessage())));

    assertFails(Reason.INVALID_PROOF, () -> client.verifyServerFinal(utf8("v=" + b64(new byte[32]))));
    assertThat(client.isServerAuthenticated()).isFalse();
  }

  @Test
  void serverThatDoesNotKnowTheSecretIsDetected() throws ScramException {
    // An impostor with a different secret for the same salt cannot produce the signature.
    ScramVerifier impostor = ScramVerifier.fromPassword("guess", VERIFIER.salt(), VERIFIER.iterations());
    ScramServer server = ScramServer.forVerifier(impostor, random, null);
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    byte[] clientFinal = client.handleServerFirst(server.handleClientFirst(PLAIN, client.clientFirstMessage()));
    assertFails(Reason.INVALID_PROOF, () -> server.handleClientFinal(clientFinal));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v=", "v=AAAA", "x=y", "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "v=%s,x=y", "v=%s,"})
  void clientRejectsMalformedServerFinal(String template) throws ScramException {
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    client.handleServerFirst(utf8(serverFirstFor(client, "X,s=c2FsdA==,i=1")));
    String message = template.replace("%s", b64(new byte[32]));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> client.verifyServerFinal(utf8(message)));
  }

  @Test
  void serverErrorIsReportedWithoutEchoingArbitraryText() throws ScramException {
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    client.handleServerFirst(utf8(serverFirstFor(client, "X,s=c2FsdA==,i=1")));
    assertThatThrownBy(() -> client.verifyServerFinal(utf8("e=invalid-proof")))
        .isInstanceOfSatisfying(ScramException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR))
        .hasMessageContaining("invalid-proof");

    ScramClient other = new ScramClient(PASSWORD, random, PLAIN, null);
    other.handleServerFirst(utf8(serverFirstFor(other, "X,s=c2FsdA==,i=1")));
    assertThatThrownBy(() -> other.verifyServerFinal(utf8("e=<script>secret</script>")))
        .isInstanceOf(ScramException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void clientMessagesOutOfOrderAreRejected() {
    ScramClient client = new ScramClient(PASSWORD, random, PLAIN, null);
    assertFails(Reason.PROTOCOL_VIOLATION, () -> client.verifyServerFinal(utf8("v=" + b64(new byte[32]))));
    assertFails(Reason.PROTOCOL_VIOLATION, () -> client.handleServerFirst(utf8(serverFirstFor(client, "X,s=c2FsdA==,i=1"))));
  }

  @Test
  void toStringsHoldNoSecrets() throws ScramException {
    ScramServer server = ScramServer.forVerifier(VERIFIER, random, CB_DATA);
    ScramClient client = new ScramClient(PASSWORD, random, PLUS, CB_DATA);
    exchange(server, client);
    assertThat(server.toString()).doesNotContain(b64(VERIFIER.storedKey())).doesNotContain("mock");
    assertThat(client.toString()).doesNotContain(PASSWORD);
  }

  private static ScramException catchScram(ThrowingCallable call) {
    try {
      call.call();
    } catch (ScramException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected ScramException", t);
    }
    throw new AssertionError("expected ScramException");
  }
}
