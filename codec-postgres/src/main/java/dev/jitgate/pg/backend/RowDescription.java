package dev.jitgate.pg.backend;

import java.util.List;
import java.util.Objects;

/**
 * RowDescription: {@code 'T', Int32 len, Int16 n, (String name, Int32 tableOid, Int16 column, Int32
 * typeOid, Int16 typeSize, Int32 typeModifier, Int16 format)[n]}.
 */
public record RowDescription(List<Field> fields) implements BackendMessage {

  /** One column of the result. */
  public record Field(
      String name, int tableOid, short columnNumber, int typeOid, short typeSize, int typeModifier, short format) {
    public Field {
      Objects.requireNonNull(name, "name");
    }
  }

  public RowDescription {
    fields = List.copyOf(fields);
  }
}
