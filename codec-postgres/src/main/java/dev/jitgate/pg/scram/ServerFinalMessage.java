package dev.jitgate.pg.scram;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A server-final-message: {@code v=<base64 ServerSignature>} on success or {@code e=<server-error>}.
 *
 * @param serverSignature the signature, or {@code null} when the server reported an error
 * @param error the server-error value, or {@code null} on success
 */
record ServerFinalMessage(byte[] serverSignature, String error) {

  private static final Pattern SAFE_ERROR = Pattern.compile("[a-z0-9-]{1,64}");

  ServerFinalMessage {
    if ((serverSignature == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of signature and error must be set");
    }
    serverSignature = serverSignature == null ? null : serverSignature.clone();
  }

  @Override
  public byte[] serverSignature() {
    return serverSignature == null ? null : serverSignature.clone();
  }

  static String encodeSignature(byte[] serverSignature) {
    return "v=" + ScramText.base64(serverSignature);
  }

  /** Parses a server-final-message as a client. */
  static ServerFinalMessage parse(byte[] message) throws ScramException {
    String text = ScramText.decodeMessage(message, ScramText.MAX_SERVER_MESSAGE_BYTES, "SCRAM server-final-message");
    List<String> fields = Attribute.fields(text);
    Attribute first = Attribute.parse(fields.get(0));
    if (first.name() == 'e') {
      // RFC 5802 server-error-value names are short lower-case tokens; anything else is not echoed.
      return new ServerFinalMessage(null, SAFE_ERROR.matcher(first.value()).matches() ? first.value() : "unknown");
    }
    if (first.name() != 'v' || fields.size() != 1) {
      throw ScramException.protocol("malformed SCRAM server-final-message");
    }
    byte[] signature = ScramText.requireBase64(first.value(), ScramCrypto.KEY_LENGTH, "SCRAM server signature");
    return new ServerFinalMessage(signature, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerFinalMessage m
        && Arrays.equals(m.serverSignature, serverSignature)
        && java.util.Objects.equals(m.error, error);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(serverSignature) * 31 + java.util.Objects.hashCode(error);
  }

  @Override
  public String toString() {
    return serverSignature != null ? "ServerFinalMessage[signature=<32 bytes>]" : "ServerFinalMessage[error=" + error + "]";
  }
}
