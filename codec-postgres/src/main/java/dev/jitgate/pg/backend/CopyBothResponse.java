package dev.jitgate.pg.backend;

import java.util.List;

/**
 * CopyBothResponse: {@code 'W', Int32 len, Int8 format, Int16 n, Int16[n] columnFormats}. Streaming replication: data flows both ways.
 */
public record CopyBothResponse(int format, List<Integer> columnFormats) implements BackendMessage {
  public CopyBothResponse {
    columnFormats = List.copyOf(columnFormats);
  }
}
