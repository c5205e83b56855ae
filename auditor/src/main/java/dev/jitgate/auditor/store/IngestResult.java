package dev.jitgate.auditor.store;

/**
 * The outcome of one {@link AuditStore#append} call.
 *
 * @param stored events newly stored
 * @param duplicates events ignored because an event with the same id was already stored (or appeared
 *     earlier in the same batch)
 */
public record IngestResult(int stored, int duplicates) {

  public IngestResult {
    if (stored < 0) {
      throw new IllegalArgumentException("stored: must not be negative");
    }
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates: must not be negative");
    }
  }
}
