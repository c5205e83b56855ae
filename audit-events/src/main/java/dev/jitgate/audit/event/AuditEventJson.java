package dev.jitgate.audit.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON codec of schema v1. {@link #write} gives one line of canonical JSON (sorted keys, no
 * whitespace, no newline: NDJSON-ready, and exactly the bytes the hash chain is computed over);
 * {@link #read} validates strictly and reports bad input as {@link ParseResult.Invalid}, never by
 * throwing. Unknown top-level fields are kept (forward compatibility within v1); unknown fields inside
 * {@code parameters} items are rejected. Thread-safe.
 */
public final class AuditEventJson {
  private final EventWriter writer = new EventWriter();
  private final EventReader reader = new EventReader(writer);

  /** One line of canonical JSON, without a trailing newline. */
  public String write(AuditEvent event) {
    if (DirectWriter.handles(event)) {
      return DirectWriter.write(event);
    }
    return CanonicalJson.write(writer.tree(event));
  }

  /** The canonical bytes of {@code event}: the UTF-8 of {@link #write}. */
  public byte[] canonicalBytes(AuditEvent event) {
    return write(event).getBytes(StandardCharsets.UTF_8);
  }

  /** Lower-case hex SHA-256 of the canonical bytes: the next event's {@code prev}. */
  public String hash(AuditEvent event) {
    return CanonicalJson.sha256(write(event));
  }

  /** Reads one event (any JSON whitespace allowed) as line 1. */
  public ParseResult read(String json) {
    return reader.read(1, json);
  }

  /** Reads one event, reporting {@code line} in the result. */
  public ParseResult read(int line, String json) {
    return reader.read(line, json);
  }

  /**
   * Reads NDJSON: one event per line, {@code \n} or {@code \r\n} separated; empty lines are skipped (but
   * counted).
   */
  public List<ParseResult> readLines(String ndjson) {
    try (BufferedReader in = new BufferedReader(new java.io.StringReader(ndjson == null ? "" : ndjson))) {
      return readLines(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads NDJSON from {@code in} (not closed); I/O errors of the reader are thrown. */
  public List<ParseResult> readLines(Reader in) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<ParseResult> results = new ArrayList<>();
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      if (!line.isEmpty()) {
        results.add(reader.read(number, line));
      }
    }
    return results;
  }
}
