package dev.jitgate.auditor.ingest;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.auditor.classify.Classification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A received event with its canonical line ({@link AuditEventJson#write}), that line's hash
 * ({@link AuditEventJson#hash}) and its classification, computed once per event (outside the ingest lock)
 * so that the chain check, the aggregation and the store do not redo it.
 *
 * @param event the event
 * @param line its canonical JSON line
 * @param hash lower-case hex SHA-256 of the line's UTF-8 bytes: what its successor's {@code prev} holds
 * @param classification the classification of a {@code statement} event's SQL, else null
 */
record CanonicalEvent(AuditEvent event, String line, String hash, Classification classification) {
  private static final HexFormat HEX = HexFormat.of();

  CanonicalEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(hash, "hash");
  }

  /** Writes and hashes {@code event}, without classifying it. */
  static CanonicalEvent of(AuditEventJson json, AuditEvent event, MessageDigest sha256) {
    return of(event, json.write(event), sha256, null);
  }

  /**
   * Hashes {@code line}, the canonical line of {@code event} (as the reader returned it), and classifies the
   * SQL of a statement with {@code classifications} when not null.
   */
  static CanonicalEvent of(AuditEvent event, String line, MessageDigest sha256, ClassificationCache classifications) {
    Classification classification =
        classifications != null && event.body() instanceof Statement statement && statement.sql() != null
            ? classifications.classify(statement.sql())
            : null;
    return new CanonicalEvent(event, line, HEX.formatHex(sha256.digest(line.getBytes(StandardCharsets.UTF_8))),
        classification);
  }

  /** A fresh SHA-256 digest (not thread-safe: one per ingest call). */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
