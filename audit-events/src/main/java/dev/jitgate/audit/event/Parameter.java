package dev.jitgate.audit.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One bind parameter of a {@code statement} event. Text values are kept as is, binary values as
 * standard base64 (RFC 4648, with padding), SQL NULL as JSON {@code null}. The producer caps the kept
 * bytes; {@code truncated} says whether it cut, {@code originalLength} gives the length on the wire.
 *
 * @param format text or binary [{@code format}]
 * @param value the (possibly truncated) value, base64 for binary, null for SQL NULL [{@code value}]
 * @param truncated whether the value was cut at the cap [{@code truncated}]
 * @param originalLength the value's length in bytes on the wire, null for SQL NULL
 *     [{@code original_length}]
 */
public record Parameter(ParameterFormat format, String value, boolean truncated, Long originalLength) {

  public Parameter {
    Checks.present("format", format);
    if (value == null) {
      if (truncated) {
        throw new EventFieldException("truncated", "must be false for a NULL value");
      }
      if (originalLength != null) {
        throw new EventFieldException("original_length", "must be null for a NULL value");
      }
    } else {
      Checks.present("original_length", originalLength);
      Checks.nonNegative("original_length", originalLength);
      if (format == ParameterFormat.BINARY) {
        byte[] decoded;
        try {
          decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
          throw new EventFieldException("value", "must be base64 for a binary parameter");
        }
        if (decoded.length > originalLength || (!truncated && decoded.length != originalLength)) {
          throw new EventFieldException("original_length", "does not match the decoded value's length");
        }
      }
    }
  }

  /** Format and sizes only: values can hold application secrets and must not reach logs. */
  @Override
  public String toString() {
    return "Parameter[format=" + format + ", value=" + (value == null ? "NULL" : "<" + value.length() + " chars>")
        + ", truncated=" + truncated + ", originalLength=" + originalLength + "]";
  }

  /** SQL NULL in the given format. */
  public static Parameter ofNull(ParameterFormat format) {
    return new Parameter(format, null, false, null);
  }

  /** A binary value, keeping at most {@code capBytes} bytes. */
  public static Parameter ofBinary(byte[] raw, int capBytes) {
    Objects.requireNonNull(raw, "raw");
    int kept = Math.min(raw.length, Math.max(0, capBytes));
    String value = Base64.getEncoder().encodeToString(kept == raw.length ? raw : Arrays.copyOf(raw, kept));
    return new Parameter(ParameterFormat.BINARY, value, kept < raw.length, (long) raw.length);
  }

  /**
   * A text value as UTF-8 bytes, keeping at most {@code capBytes} bytes cut at a character boundary;
   * bytes that are not valid UTF-8 become U+FFFD.
   */
  public static Parameter ofText(byte[] raw, int capBytes) {
    Objects.requireNonNull(raw, "raw");
    int kept = Math.min(raw.length, Math.max(0, capBytes));
    while (kept > 0 && kept < raw.length && (raw[kept] & 0xC0) == 0x80) {
      kept--; // do not split a multi-byte character
    }
    return new Parameter(ParameterFormat.TEXT, decode(raw, kept), kept < raw.length, (long) raw.length);
  }

  /** The decoded bytes of a value (base64-decoded for binary, UTF-8 for text), or null for NULL. */
  public byte[] bytes() {
    if (value == null) {
      return null;
    }
    return switch (format) {
      case TEXT -> value.getBytes(StandardCharsets.UTF_8);
      case BINARY -> Base64.getDecoder().decode(value);
    };
  }

  private static String decode(byte[] raw, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(raw, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder never fails", e);
    }
  }
}
