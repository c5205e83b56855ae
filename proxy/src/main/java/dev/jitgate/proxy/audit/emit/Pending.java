package dev.jitgate.proxy.audit.emit;

/** One thing the tracker waits for the server to answer, in the order the client sent it. */
sealed interface Pending permits PendingStatement, Pending.Marker {

  /** A point in the message flow that is not a statement. */
  enum Marker implements Pending {
    /** A Sync: answered by ReadyForQuery; after an error the server skips everything before it. */
    SYNC,
    /** The end of a simple Query or FunctionCall: answered by ReadyForQuery. */
    QUERY_END,
    /** A simple Query without statements: answered by EmptyQueryResponse. */
    EMPTY_QUERY
  }
}
