package dev.jitgate.access.store;

import dev.jitgate.access.model.EntityKind;

/**
 * A commit found an entity at another revision than the writer read (someone else changed it), an
 * insert found the key taken, or a delete or update found it gone. Nothing of the change set was
 * written; re-read and retry.
 */
public final class StaleRevisionException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final EntityKind kind;
  private final String key;
  private final long expected;
  private final long actual;

  public StaleRevisionException(EntityKind kind, String key, long expected, long actual) {
    super(kind.wireName() + " " + key + " is at revision " + actual + ", expected " + expected);
    this.kind = kind;
    this.key = key;
    this.expected = expected;
    this.actual = actual;
  }

  public EntityKind kind() {
    return kind;
  }

  public String key() {
    return key;
  }

  /** The revision the writer expected; 0 for "must not exist". */
  public long expected() {
    return expected;
  }

  /** The stored revision; 0 when the entity does not exist. */
  public long actual() {
    return actual;
  }
}
