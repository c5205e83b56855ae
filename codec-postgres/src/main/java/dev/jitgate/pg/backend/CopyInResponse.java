package dev.jitgate.pg.backend;

import java.util.List;

/**
 * CopyInResponse: {@code 'G', Int32 len, Int8 format, Int16 n, Int16[n] columnFormats}. The server is ready for COPY FROM STDIN data.
 */
public record CopyInResponse(int format, List<Integer> columnFormats) implements BackendMessage {
  public CopyInResponse {
    columnFormats = List.copyOf(columnFormats);
  }
}
