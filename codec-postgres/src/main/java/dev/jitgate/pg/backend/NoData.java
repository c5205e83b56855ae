package dev.jitgate.pg.backend;

/** NoData: {@code 'n', Int32 4}. The statement returns no rows. */
public record NoData() implements BackendMessage {
  /** The only instance needed. */
  public static final NoData INSTANCE = new NoData();
}
