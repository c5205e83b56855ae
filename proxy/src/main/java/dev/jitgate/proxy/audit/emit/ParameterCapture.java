package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.ParameterFormat;
import dev.jitgate.audit.sql.PasswordRedactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw values of a Bind or FunctionCall into event parameters: text as UTF-8, binary as base64,
 * NULL as null; each value cut at {@code maxParameterBytes}, and all values of one message together at
 * {@code maxBindBytes}. A value that is a connection string with a password
 * ({@link PasswordRedactor#isSecretValue}) is masked: text becomes {@link #MASK} (not truncated), binary
 * becomes an empty, truncated value; {@code original_length} stays the wire length.
 */
final class ParameterCapture {

  /** The value of a masked text parameter. */
  static final String MASK = "***";

  /** How far past the cap a value is searched for a secret (a secret starting before the cut is found). */
  private static final int SECRET_WINDOW = 1024;

  private final PasswordRedactor redactor;
  private final int maxParameterBytes;
  private final int maxBindBytes;

  ParameterCapture(PasswordRedactor redactor, int maxParameterBytes, int maxBindBytes) {
    this.redactor = redactor;
    this.maxParameterBytes = maxParameterBytes;
    this.maxBindBytes = maxBindBytes;
  }

  /** The parameters, with the format of each from the 0/1/n format-code rule of the protocol. */
  List<Parameter> capture(List<Integer> formats, List<byte[]> values) {
    List<Parameter> out = new ArrayList<>(values.size());
    long budget = maxBindBytes;
    for (int i = 0; i < values.size(); i++) {
      ParameterFormat format = formatOf(formats, i);
      byte[] raw = values.get(i);
      if (raw == null) {
        out.add(Parameter.ofNull(format));
        continue;
      }
      int cap = (int) Math.min(maxParameterBytes, Math.max(0, budget));
      Parameter p = isSecret(raw) ? masked(format, raw.length) : switch (format) {
        case TEXT -> Parameter.ofText(raw, cap);
        case BINARY -> Parameter.ofBinary(raw, cap);
      };
      budget -= Math.min(raw.length, cap);
      out.add(p);
    }
    return out;
  }

  /** Format code 0 is text; anything else is kept as binary (base64 is safe for any bytes). */
  static ParameterFormat formatOf(List<Integer> formats, int i) {
    int code;
    if (formats.isEmpty()) {
      code = 0;
    } else if (formats.size() == 1) {
      code = formats.get(0);
    } else if (i < formats.size()) {
      code = formats.get(i);
    } else {
      code = 1;
    }
    return code == 0 ? ParameterFormat.TEXT : ParameterFormat.BINARY;
  }

  private boolean isSecret(byte[] raw) {
    int window = (int) Math.min(raw.length, (long) maxParameterBytes + SECRET_WINDOW);
    return redactor.isSecretValue(new String(raw, 0, window, StandardCharsets.UTF_8));
  }

  private static Parameter masked(ParameterFormat format, int length) {
    return switch (format) {
      case TEXT -> new Parameter(ParameterFormat.TEXT, MASK, false, (long) length);
      case BINARY -> new Parameter(ParameterFormat.BINARY, "", true, (long) length);
    };
  }
}
