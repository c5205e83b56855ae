package dev.jitgate.pg.backend;

/** EmptyQueryResponse: {@code 'I', Int32 4}. The query string was empty. */
public record EmptyQueryResponse() implements BackendMessage {
  /** The only instance needed. */
  public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();
}
