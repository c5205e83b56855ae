package dev.jitgate.pg.backend;

import java.util.List;

/**
 * CopyOutResponse: {@code 'H', Int32 len, Int8 format, Int16 n, Int16[n] columnFormats}. COPY TO STDOUT data follows.
 */
public record CopyOutResponse(int format, List<Integer> columnFormats) implements BackendMessage {
  public CopyOutResponse {
    columnFormats = List.copyOf(columnFormats);
  }
}
