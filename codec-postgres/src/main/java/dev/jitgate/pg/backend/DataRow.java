package dev.jitgate.pg.backend;

import java.util.Collections;
import java.util.List;

/** DataRow: {@code 'D', Int32 len, Int16 n, (Int32 len | -1, Byte[len])[n]}. {@code null} is SQL NULL. */
public record DataRow(List<byte[]> columns) implements BackendMessage {
  public DataRow {
    columns = Collections.unmodifiableList(new java.util.ArrayList<>(columns));
  }
}
