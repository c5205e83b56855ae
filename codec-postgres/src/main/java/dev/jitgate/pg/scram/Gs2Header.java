package dev.jitgate.pg.scram;

/**
 * The GS2 header that starts a client-first-message: {@code n,,}, {@code y,,} or
 * {@code p=tls-server-end-point,,}. Authorization identities are not supported (PostgreSQL rejects
 * them too), so the header is fully described by the flag and the channel-binding type.
 *
 * @param flag the gs2-cbind-flag
 * @param type the channel-binding type; non-null exactly when {@code flag} is {@link Flag#USED}
 */
record Gs2Header(Flag flag, ChannelBindingType type) {

  /** The gs2-cbind-flag of RFC 5802 section 7. */
  enum Flag {
    /** {@code n}: the client does not support channel binding. */
    NOT_SUPPORTED,
    /** {@code y}: the client supports channel binding but thinks the server does not. */
    SUPPORTED_NOT_USED,
    /** {@code p=<type>}: the client uses channel binding. */
    USED
  }

  static final Gs2Header NONE = new Gs2Header(Flag.NOT_SUPPORTED, null);
  static final Gs2Header CLIENT_SUPPORTS = new Gs2Header(Flag.SUPPORTED_NOT_USED, null);
  static final Gs2Header TLS_SERVER_END_POINT =
      new Gs2Header(Flag.USED, ChannelBindingType.TLS_SERVER_END_POINT);

  Gs2Header {
    if ((flag == Flag.USED) != (type != null)) {
      throw new IllegalArgumentException("channel-binding type must be set exactly for flag p");
    }
  }

  /** Parses the first two comma-separated fields of a client-first-message. */
  static Gs2Header parse(String cbindField, String authzidField) throws ScramException {
    if (!authzidField.isEmpty()) {
      throw ScramException.protocol("SCRAM authorization identity is not supported");
    }
    if (cbindField.equals("n")) {
      return NONE;
    }
    if (cbindField.equals("y")) {
      return CLIENT_SUPPORTS;
    }
    if (cbindField.startsWith("p=")) {
      return ChannelBindingType.fromName(cbindField.substring(2))
          .map(t -> new Gs2Header(Flag.USED, t))
          .orElseThrow(() -> ScramException.protocol("unsupported SCRAM channel-binding type"));
    }
    throw ScramException.protocol("malformed SCRAM gs2-cbind-flag");
  }

  /** The header as sent, trailing comma included. */
  String encode() {
    return switch (flag) {
      case NOT_SUPPORTED -> "n,,";
      case SUPPORTED_NOT_USED -> "y,,";
      case USED -> "p=" + type.typeName() + ",,";
    };
  }

  /**
   * The {@code cbind-input} whose base64 is the {@code c=} attribute of the client-final-message:
   * the header, followed by the channel-binding data when the flag is {@code p}.
   */
  byte[] channelBindingInput(byte[] channelBindingData) {
    byte[] header = ScramText.utf8(encode());
    if (flag != Flag.USED) {
      return header;
    }
    byte[] out = new byte[header.length + channelBindingData.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(channelBindingData, 0, out, header.length, channelBindingData.length);
    return out;
  }
}
