package dev.jitgate.pg.frontend;

import java.util.Collections;
import java.util.List;

/**
 * FunctionCall: {@code 'F', Int32 len, Int32 functionOid, Int16 nf, Int16[nf] argFormats, Int16 na,
 * (Int32 len | -1, Byte[len])[na] args, Int16 resultFormat}.
 */
public record FunctionCall(int functionOid, List<Integer> argumentFormats, List<byte[]> arguments, int resultFormat)
    implements FrontendMessage {
  /** Copies the lists; arguments may contain {@code null} for SQL NULL. */
  public FunctionCall {
    argumentFormats = List.copyOf(argumentFormats);
    arguments = Collections.unmodifiableList(new java.util.ArrayList<>(arguments));
  }
}
