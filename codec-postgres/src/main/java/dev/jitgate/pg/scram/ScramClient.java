package dev.jitgate.pg.scram;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The client side of one SCRAM-SHA-256(-PLUS) exchange, as libpq's {@code fe-auth-scram.c} runs it:
 * send {@link #clientFirstMessage()}, answer the server-first-message with
 * {@link #handleServerFirst}, then check the server's signature with {@link #verifyServerFinal}. Until
 * that last call succeeds the server is not authenticated. Any malformed server input raises
 * {@link ScramException}. Not thread-safe.
 */
public final class ScramClient {

  private enum State {
    INITIAL,
    AWAITING_SERVER_FINAL,
    SUCCEEDED,
    FAILED
  }

  private final String preparedPassword;
  private final ScramMechanism mechanism;
  private final byte[] channelBindingData;
  private final ClientFirstMessage clientFirst;
  private final ScramKeyCache keyCache;

  private State state = State.INITIAL;
  private byte[] expectedServerSignature;

  /**
   * @param password the password in clear; SASLprep is applied as libpq does
   * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-256-PLUS}, see {@link #chooseMechanism}
   * @param channelBindingData {@code tls-server-end-point} data of the server's certificate
   *     ({@link TlsServerEndPoint#hash}) when the connection uses TLS, else {@code null}; required for
   *     -PLUS. With TLS but plain SCRAM-SHA-256 the client sends {@code y,,} so a server that did offer
   *     -PLUS detects a downgrade.
   * @throws IllegalArgumentException for an unknown mechanism or -PLUS without channel-binding data
   */
  public ScramClient(String password, SecureRandom random, String mechanism, byte[] channelBindingData) {
    this(password, random, mechanism, channelBindingData, null);
  }

  /**
   * Like {@link #ScramClient(String, SecureRandom, String, byte[])}, taking the derived keys from
   * {@code keyCache} (may be {@code null}) when the same password, salt and iteration count were seen
   * before.
   */
  public ScramClient(
      String password, SecureRandom random, String mechanism, byte[] channelBindingData, ScramKeyCache keyCache) {
    this(password, "", newNonce(Objects.requireNonNull(random, "random")), mechanism, channelBindingData, keyCache);
  }

  /** For tests: a fixed client nonce and the user name to put in the message (libpq sends none). */
  ScramClient(String password, String username, String clientNonce, String mechanism, byte[] channelBindingData) {
    this(password, username, clientNonce, mechanism, channelBindingData, null);
  }

  private ScramClient(
      String password,
      String username,
      String clientNonce,
      String mechanism,
      byte[] channelBindingData,
      ScramKeyCache keyCache) {
    this.keyCache = keyCache;
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(username, "username");
    this.mechanism =
        ScramMechanism.fromName(mechanism)
            .orElseThrow(() -> new IllegalArgumentException("unsupported SASL mechanism"));
    if (this.mechanism.channelBinding() && channelBindingData == null) {
      throw new IllegalArgumentException("SCRAM-SHA-256-PLUS needs channel-binding data");
    }
    if (channelBindingData != null && channelBindingData.length == 0) {
      throw new IllegalArgumentException("channel-binding data must not be empty");
    }
    if (!ScramText.isValidNonce(clientNonce)) {
      throw new IllegalArgumentException("invalid client nonce");
    }
    this.preparedPassword = SaslPrep.prepare(password);
    this.channelBindingData = channelBindingData == null ? null : channelBindingData.clone();
    Gs2Header header =
        this.mechanism.channelBinding()
            ? Gs2Header.TLS_SERVER_END_POINT
            : channelBindingData != null ? Gs2Header.CLIENT_SUPPORTS : Gs2Header.NONE;
    this.clientFirst = ClientFirstMessage.create(header, username, clientNonce);
  }

  /**
   * Picks the mechanism to use from the server's AuthenticationSASL list: SCRAM-SHA-256-PLUS when the
   * server offers it and channel binding is available, else SCRAM-SHA-256.
   *
   * @throws ScramException if the server offers neither
   */
  public static String chooseMechanism(List<String> serverMechanisms, boolean channelBindingAvailable)
      throws ScramException {
    if (serverMechanisms == null) {
      throw ScramException.protocol("server offered no SASL mechanisms");
    }
    String plus = ScramMechanism.SCRAM_SHA_256_PLUS.mechanismName();
    String plain = ScramMechanism.SCRAM_SHA_256.mechanismName();
    if (channelBindingAvailable && serverMechanisms.contains(plus)) {
      return plus;
    }
    if (serverMechanisms.contains(plain)) {
      return plain;
    }
    throw ScramException.protocol("server offered no supported SASL authentication mechanism");
  }

  /** The mechanism name to send in SASLInitialResponse. */
  public String mechanism() {
    return mechanism.mechanismName();
  }

  /** The client-first-message, to send in SASLInitialResponse. */
  public byte[] clientFirstMessage() {
    return ScramText.utf8(clientFirst.encode());
  }

  /**
   * Handles the server-first-message (AuthenticationSASLContinue).
   *
   * @return the client-final-message, to send in SASLResponse
   */
  public byte[] handleServerFirst(byte[] serverFirstMessage) throws ScramException {
    requireState(State.INITIAL);
    state = State.FAILED; // until done
    String text =
        ScramText.decodeMessage(serverFirstMessage, ScramText.MAX_SERVER_MESSAGE_BYTES, "SCRAM server-first-message");
    ServerFirstMessage serverFirst = ServerFirstMessage.parse(text);
    String nonce = serverFirst.nonce();
    if (nonce.length() <= clientFirst.clientNonce().length() || !nonce.startsWith(clientFirst.clientNonce())) {
      throw ScramException.protocol("SCRAM nonce mismatch");
    }
    byte[] bindingInput = clientFirst.header().channelBindingInput(channelBindingData);
    String withoutProof = ClientFinalMessage.withoutProof(bindingInput, nonce);
    byte[] authMessage = ScramText.utf8(clientFirst.bare() + "," + text + "," + withoutProof);

    ScramKeyCache.Keys keys =
        keyCache != null
            ? keyCache.keys(preparedPassword, serverFirst.salt(), serverFirst.iterations())
            : ScramKeyCache.derive(preparedPassword, serverFirst.salt(), serverFirst.iterations());
    byte[] storedKey = ScramCrypto.sha256(keys.clientKey());
    byte[] proof = ScramCrypto.xor(keys.clientKey(), ScramCrypto.hmac(storedKey, authMessage));
    expectedServerSignature = ScramCrypto.hmac(keys.serverKey(), authMessage);
    if (keyCache == null) {
      Arrays.fill(keys.clientKey(), (byte) 0);
      Arrays.fill(keys.serverKey(), (byte) 0);
    }

    ClientFinalMessage clientFinal = new ClientFinalMessage(bindingInput, nonce, proof, withoutProof);
    state = State.AWAITING_SERVER_FINAL;
    return ScramText.utf8(clientFinal.encode());
  }

  /**
   * Checks the server-final-message (AuthenticationSASLFinal). Returns normally only if the server
   * proved it knows the secret.
   */
  public void verifyServerFinal(byte[] serverFinalMessage) throws ScramException {
    requireState(State.AWAITING_SERVER_FINAL);
    state = State.FAILED;
    ServerFinalMessage message = ServerFinalMessage.parse(serverFinalMessage);
    if (message.error() != null) {
      throw new ScramException(ScramException.Reason.SERVER_ERROR, "SCRAM server error: " + message.error());
    }
    if (!MessageDigest.isEqual(expectedServerSignature, message.serverSignature())) {
      throw new ScramException(ScramException.Reason.INVALID_PROOF, "invalid SCRAM server signature");
    }
    state = State.SUCCEEDED;
  }

  /** Whether the server's signature was verified. */
  public boolean isServerAuthenticated() {
    return state == State.SUCCEEDED;
  }

  private void requireState(State expected) throws ScramException {
    if (state != expected) {
      state = State.FAILED;
      throw ScramException.protocol("unexpected SCRAM message");
    }
  }

  private static String newNonce(SecureRandom random) {
    byte[] raw = new byte[ScramServer.RAW_NONCE_LENGTH];
    random.nextBytes(raw);
    return ScramText.base64(raw);
  }

  @Override
  public String toString() {
    return "ScramClient[mechanism=" + mechanism.mechanismName() + ", state=" + state + "]";
  }
}
