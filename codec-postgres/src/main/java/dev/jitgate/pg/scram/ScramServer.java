package dev.jitgate.pg.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The server side of one SCRAM-SHA-256(-PLUS) exchange, following PostgreSQL's
 * {@code auth-scram.c}. Create one per authentication attempt with {@link #forVerifier} or, when the
 * user does not exist or has no SCRAM secret, with {@link #mock}: a mock exchange looks the same on the
 * wire (a stable per-user fake salt) and fails at the end exactly like a wrong password, so clients
 * cannot probe for user names.
 *
 * <p>Call {@link #handleClientFirst} and then {@link #handleClientFinal}. Any failure ends the exchange;
 * later calls throw {@link ScramException.Reason#PROTOCOL_VIOLATION}. Not thread-safe.
 */
public final class ScramServer {

  /** Length of the random part of the server nonce before base64, as in PostgreSQL. */
  static final int RAW_NONCE_LENGTH = 18;

  /** Minimum length of the secret that seeds mock salts. PostgreSQL uses a 32-byte cluster nonce. */
  public static final int MIN_MOCK_SECRET_LENGTH = 16;

  private enum State {
    AWAITING_CLIENT_FIRST,
    AWAITING_CLIENT_FINAL,
    SUCCEEDED,
    FAILED
  }

  private final ScramVerifier verifier;
  private final boolean doomed;
  private final SecureRandom random;
  private final byte[] channelBindingData;
  private final String serverNonceOverride;

  private State state = State.AWAITING_CLIENT_FIRST;
  private ClientFirstMessage clientFirst;
  private String serverFirst;
  private String nonce;

  ScramServer(
      ScramVerifier verifier,
      boolean doomed,
      SecureRandom random,
      byte[] channelBindingData,
      String serverNonceOverride) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.doomed = doomed;
    this.random = Objects.requireNonNull(random, "random");
    if (channelBindingData != null && channelBindingData.length == 0) {
      throw new IllegalArgumentException("channel-binding data must not be empty");
    }
    this.channelBindingData = channelBindingData == null ? null : channelBindingData.clone();
    this.serverNonceOverride = serverNonceOverride;
  }

  /**
   * An exchange that succeeds if the client knows the password behind {@code verifier}.
   *
   * @param channelBindingData {@code tls-server-end-point} data of this connection's TLS certificate
   *     ({@link TlsServerEndPoint#hash}), or {@code null} without TLS; enables SCRAM-SHA-256-PLUS
   * @throws IllegalArgumentException if {@code channelBindingData} is empty
   */
  public static ScramServer forVerifier(ScramVerifier verifier, SecureRandom random, byte[] channelBindingData) {
    return new ScramServer(verifier, false, random, channelBindingData, null);
  }

  /**
   * A mock exchange for a user without a SCRAM secret, with PostgreSQL's default 4096 iterations. It
   * always ends in {@link ScramException.Reason#INVALID_PROOF}.
   *
   * @param username the user name from the startup packet; seeds the fake salt
   * @param mockSecret a random server secret of at least 16 bytes, fixed for the life of the server
   *     (PostgreSQL's {@code mock_authentication_nonce}), so a user's fake salt stays stable
   */
  public static ScramServer mock(String username, byte[] mockSecret, SecureRandom random, byte[] channelBindingData) {
    return mock(username, mockSecret, ScramVerifier.DEFAULT_ITERATIONS, random, channelBindingData);
  }

  /** Like {@link #mock(String, byte[], SecureRandom, byte[])} with the iteration count real secrets use. */
  public static ScramServer mock(
      String username, byte[] mockSecret, int iterations, SecureRandom random, byte[] channelBindingData) {
    byte[] storedKey = new byte[ScramCrypto.KEY_LENGTH];
    byte[] serverKey = new byte[ScramCrypto.KEY_LENGTH];
    random.nextBytes(storedKey);
    random.nextBytes(serverKey);
    ScramVerifier fake = new ScramVerifier(iterations, mockSalt(username, mockSecret), storedKey, serverKey);
    return new ScramServer(fake, true, random, channelBindingData, null);
  }

  /** PostgreSQL's {@code scram_mock_salt}: the first 16 bytes of {@code SHA-256(username || secret)}. */
  static byte[] mockSalt(String username, byte[] mockSecret) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(mockSecret, "mockSecret");
    if (mockSecret.length < MIN_MOCK_SECRET_LENGTH) {
      throw new IllegalArgumentException("mock secret must be at least 16 bytes");
    }
    MessageDigest sha256 = ScramCrypto.sha256Digest();
    sha256.update(username.getBytes(StandardCharsets.UTF_8));
    sha256.update(mockSecret);
    return Arrays.copyOf(sha256.digest(), ScramVerifier.DEFAULT_SALT_LENGTH);
  }

  /** The mechanisms to advertise in AuthenticationSASL, most preferred first. */
  public List<String> mechanisms() {
    return channelBindingData != null
        ? List.of(ScramMechanism.SCRAM_SHA_256_PLUS.mechanismName(), ScramMechanism.SCRAM_SHA_256.mechanismName())
        : List.of(ScramMechanism.SCRAM_SHA_256.mechanismName());
  }

  /**
   * Handles SASLInitialResponse: the mechanism the client chose and its client-first-message.
   *
   * @return the server-first-message, to send in AuthenticationSASLContinue
   */
  public byte[] handleClientFirst(String mechanism, byte[] clientFirstMessage) throws ScramException {
    requireState(State.AWAITING_CLIENT_FIRST);
    try {
      ScramMechanism chosen = checkMechanism(mechanism);
      ClientFirstMessage message = ClientFirstMessage.parse(clientFirstMessage);
      checkChannelBindingFlag(chosen, message.header());
      clientFirst = message;
      nonce = message.clientNonce() + serverNonce();
      serverFirst = new ServerFirstMessage(nonce, verifier.salt(), verifier.iterations()).encode();
      state = State.AWAITING_CLIENT_FINAL;
      return ScramText.utf8(serverFirst);
    } catch (ScramException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Handles the client-final-message (SASLResponse). On success the exchange is complete and the
   * client is authenticated.
   *
   * @return the server-final-message ({@code v=...}), to send in AuthenticationSASLFinal
   * @throws ScramException with {@link ScramException.Reason#INVALID_PROOF} for a wrong password or a
   *     mock exchange, {@link ScramException.Reason#PROTOCOL_VIOLATION} for anything malformed
   */
  public byte[] handleClientFinal(byte[] clientFinalMessage) throws ScramException {
    requireState(State.AWAITING_CLIENT_FINAL);
    state = State.FAILED; // until proven otherwise
    ClientFinalMessage message = ClientFinalMessage.parse(clientFinalMessage);
    byte[] expectedBinding = clientFirst.header().channelBindingInput(channelBindingData);
    if (!MessageDigest.isEqual(expectedBinding, message.channelBinding())) {
      throw ScramException.protocol("SCRAM channel binding check failed");
    }
    if (!MessageDigest.isEqual(ScramText.utf8(nonce), ScramText.utf8(message.nonce()))) {
      throw ScramException.protocol("SCRAM nonce mismatch");
    }
    byte[] authMessage = ScramText.utf8(clientFirst.bare() + "," + serverFirst + "," + message.withoutProof());
    if (!verifyProof(message.proof(), authMessage) | doomed) {
      throw new ScramException(ScramException.Reason.INVALID_PROOF, "SCRAM authentication failed");
    }
    state = State.SUCCEEDED;
    return ScramText.utf8(
        ServerFinalMessage.encodeSignature(ScramCrypto.hmac(verifier.serverKeyRef(), authMessage)));
  }

  /** Whether the exchange completed and the client proved knowledge of the password. */
  public boolean isAuthenticated() {
    return state == State.SUCCEEDED;
  }

  private boolean verifyProof(byte[] proof, byte[] authMessage) {
    byte[] clientSignature = ScramCrypto.hmac(verifier.storedKeyRef(), authMessage);
    byte[] clientKey = ScramCrypto.xor(proof, clientSignature);
    byte[] storedKey = ScramCrypto.sha256(clientKey);
    Arrays.fill(clientKey, (byte) 0);
    return MessageDigest.isEqual(storedKey, verifier.storedKeyRef());
  }

  private ScramMechanism checkMechanism(String mechanism) throws ScramException {
    ScramMechanism chosen =
        ScramMechanism.fromName(mechanism)
            .orElseThrow(() -> ScramException.protocol("client selected an invalid SASL authentication mechanism"));
    if (chosen.channelBinding() && channelBindingData == null) {
      throw ScramException.protocol("client selected SCRAM-SHA-256-PLUS, but channel binding is not available");
    }
    return chosen;
  }

  /** The channel-binding negotiation rules of RFC 5802 section 6 and PostgreSQL. */
  private void checkChannelBindingFlag(ScramMechanism chosen, Gs2Header header) throws ScramException {
    switch (header.flag()) {
      case NOT_SUPPORTED -> {
        if (chosen.channelBinding()) {
          throw ScramException.protocol("client selected SCRAM-SHA-256-PLUS, but sent no channel binding");
        }
      }
      case SUPPORTED_NOT_USED -> {
        if (chosen.channelBinding()) {
          throw ScramException.protocol("client selected SCRAM-SHA-256-PLUS, but sent no channel binding");
        }
        if (channelBindingData != null) {
          // The client supports channel binding and the server offered it: a downgrade.
          throw ScramException.protocol("SCRAM channel binding negotiation error");
        }
      }
      case USED -> {
        if (!chosen.channelBinding()) {
          throw ScramException.protocol("client selected SCRAM-SHA-256 without channel binding, but sent binding data");
        }
      }
    }
  }

  private String serverNonce() {
    if (serverNonceOverride != null) {
      return serverNonceOverride;
    }
    byte[] raw = new byte[RAW_NONCE_LENGTH];
    random.nextBytes(raw);
    return ScramText.base64(raw);
  }

  private void requireState(State expected) throws ScramException {
    if (state != expected) {
      state = State.FAILED;
      throw ScramException.protocol("unexpected SCRAM message");
    }
  }

  @Override
  public String toString() {
    return "ScramServer[state=" + state + ", channelBinding=" + (channelBindingData != null) + "]";
  }
}
