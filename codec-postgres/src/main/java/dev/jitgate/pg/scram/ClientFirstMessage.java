package dev.jitgate.pg.scram;

import java.util.List;

/**
 * A parsed client-first-message: {@code gs2-header client-first-message-bare}, where the bare part is
 * {@code n=<user>,r=<c-nonce>[,extensions]}. The user name is kept only as part of {@code bare}:
 * PostgreSQL ignores it (libpq sends {@code n=}) and takes the user from the startup packet.
 *
 * @param header the GS2 header
 * @param bare client-first-message-bare, verbatim, as it enters the AuthMessage
 * @param clientNonce the client nonce
 */
record ClientFirstMessage(Gs2Header header, String bare, String clientNonce) {

  /** Builds the message a client sends; libpq sends an empty user name. */
  static ClientFirstMessage create(Gs2Header header, String username, String clientNonce) {
    String saslName = username.replace("=", "=3D").replace(",", "=2C");
    return new ClientFirstMessage(header, "n=" + saslName + ",r=" + clientNonce, clientNonce);
  }

  /** Parses and validates a client-first-message. */
  static ClientFirstMessage parse(byte[] message) throws ScramException {
    String text = ScramText.decodeMessage(message, ScramText.MAX_CLIENT_MESSAGE_BYTES, "SCRAM client-first-message");
    List<String> fields = Attribute.fields(text);
    if (fields.size() < 4) {
      throw ScramException.protocol("malformed SCRAM client-first-message");
    }
    Gs2Header header = Gs2Header.parse(fields.get(0), fields.get(1));
    if (fields.get(2).startsWith("m=")) {
      throw ScramException.protocol("client requires an unsupported SCRAM extension");
    }
    String user = Attribute.expect(fields.get(2), 'n');
    if (!isValidSaslName(user)) {
      throw ScramException.protocol("malformed SCRAM user name");
    }
    String nonce = Attribute.expect(fields.get(3), 'r');
    if (!ScramText.isValidNonce(nonce)) {
      throw ScramException.protocol("invalid SCRAM client nonce");
    }
    for (int i = 4; i < fields.size(); i++) {
      Attribute.parse(fields.get(i)); // optional extensions: must be well-formed, are ignored
    }
    String bare = text.substring(fields.get(0).length() + fields.get(1).length() + 2);
    return new ClientFirstMessage(header, bare, nonce);
  }

  /**
   * RFC 5802 {@code saslname}, except that PostgreSQL's empty name is allowed: {@code '='} only as the
   * escapes {@code =2C} and {@code =3D}.
   */
  private static boolean isValidSaslName(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '=') {
        if (!name.startsWith("=2C", i) && !name.startsWith("=3D", i)) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /** The whole message as sent. */
  String encode() {
    return header.encode() + bare;
  }
}
