package dev.jitgate.pg.scram;

import java.util.Arrays;
import java.util.List;

/**
 * A server-first-message: {@code r=<c-nonce s-nonce>,s=<base64 salt>,i=<iterations>}.
 *
 * @param nonce the combined client and server nonce
 * @param salt the salt, not empty
 * @param iterations the iteration count, at least 1
 */
record ServerFirstMessage(String nonce, byte[] salt, int iterations) {

  /** Upper bound on the iteration count a client accepts, so a hostile server cannot burn its CPU. */
  static final int MAX_ITERATIONS = 10_000_000;

  ServerFirstMessage {
    salt = salt.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  String encode() {
    return "r=" + nonce + ",s=" + ScramText.base64(salt) + ",i=" + iterations;
  }

  /** Parses a server-first-message as a client; the text is returned by {@link #encode()} verbatim. */
  static ServerFirstMessage parse(String text) throws ScramException {
    List<String> fields = Attribute.fields(text);
    if (fields.get(0).startsWith("m=")) {
      throw ScramException.protocol("server requires an unsupported SCRAM extension");
    }
    if (fields.size() != 3) {
      throw ScramException.protocol("malformed SCRAM server-first-message");
    }
    String nonce = Attribute.expect(fields.get(0), 'r');
    if (!ScramText.isValidNonce(nonce)) {
      throw ScramException.protocol("invalid SCRAM server nonce");
    }
    byte[] salt = ScramText.requireBase64(Attribute.expect(fields.get(1), 's'), -1, "SCRAM salt");
    int iterations = parseIterations(Attribute.expect(fields.get(2), 'i'));
    return new ServerFirstMessage(nonce, salt, iterations);
  }

  private static int parseIterations(String text) throws ScramException {
    if (text.isEmpty() || text.length() > 9 || text.charAt(0) == '0') {
      throw ScramException.protocol("invalid SCRAM iteration count");
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw ScramException.protocol("invalid SCRAM iteration count");
      }
      value = value * 10 + (c - '0');
    }
    if (value > MAX_ITERATIONS) {
      throw ScramException.protocol("SCRAM iteration count is too large");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerFirstMessage m
        && m.nonce.equals(nonce)
        && Arrays.equals(m.salt, salt)
        && m.iterations == iterations;
  }

  @Override
  public int hashCode() {
    return (nonce.hashCode() * 31 + Arrays.hashCode(salt)) * 31 + iterations;
  }

  @Override
  public String toString() {
    return "ServerFirstMessage[nonce=<" + nonce.length() + " chars>, salt=<" + salt.length + " bytes>, iterations="
        + iterations + "]";
  }
}
