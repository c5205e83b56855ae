package dev.jitgate.pg.frontend;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Bind: {@code 'B', Int32 len, String portal, String statement, Int16 nf, Int16[nf] formats, Int16 nv,
 * (Int32 len | -1, Byte[len])[nv] values, Int16 nr, Int16[nr] resultFormats}. A {@code null} value is SQL
 * NULL (length -1). Formats: 0 text, 1 binary.
 */
public record Bind(
    String portal,
    String statement,
    List<Integer> parameterFormats,
    List<byte[]> parameterValues,
    List<Integer> resultFormats)
    implements FrontendMessage {

  /** Copies the lists; values may contain {@code null} for SQL NULL. */
  public Bind {
    Objects.requireNonNull(portal, "portal");
    Objects.requireNonNull(statement, "statement");
    parameterFormats = List.copyOf(parameterFormats);
    parameterValues = Collections.unmodifiableList(new java.util.ArrayList<>(parameterValues));
    resultFormats = List.copyOf(resultFormats);
  }

  /** The format of parameter {@code i}, applying the protocol's rules for 0 and 1 format codes. */
  public int parameterFormat(int i) {
    return switch (parameterFormats.size()) {
      case 0 -> 0;
      case 1 -> parameterFormats.get(0);
      default -> parameterFormats.get(i);
    };
  }
}
