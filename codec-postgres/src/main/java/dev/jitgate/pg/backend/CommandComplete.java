package dev.jitgate.pg.backend;

import java.util.Objects;

/** CommandComplete: {@code 'C', Int32 len, String tag} such as {@code SELECT 5} or {@code INSERT 0 1}. */
public record CommandComplete(String tag) implements BackendMessage {
  public CommandComplete {
    Objects.requireNonNull(tag, "tag");
  }

  /** The row count at the end of the tag, or -1 when the tag carries none. */
  public long rows() {
    int space = tag.lastIndexOf(' ');
    if (space < 0) {
      return -1;
    }
    try {
      return Long.parseLong(tag.substring(space + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
