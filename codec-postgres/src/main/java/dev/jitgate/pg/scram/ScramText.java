package dev.jitgate.pg.scram;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Strict text helpers for SCRAM messages: UTF-8 decoding with a length cap, canonical base64, and the
 * {@code printable} character class of RFC 5802. Failures never echo the input.
 */
final class ScramText {

  /** Upper bound for a client message (client-first or client-final) the server accepts. */
  static final int MAX_CLIENT_MESSAGE_BYTES = 1024;

  /** Upper bound for a server message (server-first or server-final) the client accepts. */
  static final int MAX_SERVER_MESSAGE_BYTES = 2048;

  private ScramText() {}

  /** Decodes a whole SCRAM message: non-null, non-empty, at most {@code maxBytes}, valid UTF-8, no NUL. */
  static String decodeMessage(byte[] message, int maxBytes, String what) throws ScramException {
    if (message == null || message.length == 0) {
      throw ScramException.protocol(what + " is empty");
    }
    if (message.length > maxBytes) {
      throw ScramException.protocol(what + " is too long");
    }
    for (byte b : message) {
      if (b == 0) {
        throw ScramException.protocol(what + " contains a NUL byte");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(message))
          .toString();
    } catch (CharacterCodingException e) {
      throw ScramException.protocol(what + " is not valid UTF-8");
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String base64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  /**
   * Decodes canonical, padded RFC 4648 base64 (the only form SCRAM allows). Empty for anything else,
   * including missing padding, whitespace and non-zero trailing bits.
   */
  static Optional<byte[]> decodeBase64(String text) {
    if (text == null || text.length() % 4 != 0) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      boolean padding = c == '=' && i >= text.length() - 2;
      if (!alphabet && !padding) {
        return Optional.empty();
      }
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Rejects "==" in the wrong place and non-canonical trailing bits.
    byte[] canonical = utf8(base64(decoded));
    if (!Arrays.equals(canonical, utf8(text))) {
      return Optional.empty();
    }
    return Optional.of(decoded);
  }

  /** Base64 that must decode to a value of an exact length (or any non-zero length if {@code length < 0}). */
  static byte[] requireBase64(String text, int length, String what) throws ScramException {
    Optional<byte[]> decoded = decodeBase64(text);
    if (decoded.isEmpty()) {
      throw ScramException.protocol(what + " is not valid base64");
    }
    byte[] value = decoded.get();
    if (length >= 0 ? value.length != length : value.length == 0) {
      throw ScramException.protocol(what + " has the wrong length");
    }
    return value;
  }

  /** RFC 5802 {@code c-nonce}: one or more printable ASCII characters other than comma. */
  static boolean isValidNonce(String nonce) {
    if (nonce.isEmpty()) {
      return false;
    }
    for (int i = 0; i < nonce.length(); i++) {
      char c = nonce.charAt(i);
      if (c < 0x21 || c > 0x7e || c == ',') {
        return false;
      }
    }
    return true;
  }
}
