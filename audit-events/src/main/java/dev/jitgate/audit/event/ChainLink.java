package dev.jitgate.audit.event;

/**
 * The head of a session's hash chain: the last event's {@code seq} and hash. A producer that resumes a
 * stream (the admin outbox drainer after a restart) persists it and starts its {@link ChainBuilder} from it.
 *
 * @param seq the last assigned seq, 0 before the first event
 * @param hash the last event's hash, {@link #ZERO_HASH} before the first event
 */
public record ChainLink(long seq, String hash) {

  /** The {@code prev} of the first event of every session: 64 zeros. */
  public static final String ZERO_HASH = "0".repeat(64);

  /** The head of an empty chain. */
  public static final ChainLink GENESIS = new ChainLink(0, ZERO_HASH);

  public ChainLink {
    Checks.nonNegative("seq", seq);
    Checks.hash("prev", hash);
  }
}
