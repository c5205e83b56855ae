package dev.jitgate.proxy.audit.ship;

import dev.jitgate.proxy.audit.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One request's worth of spool records: the payloads joined as NDJSON (each followed by {@code '\n'})
 * and gzip-compressed.
 *
 * @param firstSequence sequence of the first record
 * @param lastSequence sequence of the last record, the position acknowledged on success
 * @param records how many records
 * @param ndjsonBytes size of the uncompressed body
 * @param gzipBody the compressed body
 */
record Batch(long firstSequence, long lastSequence, int records, long ndjsonBytes, byte[] gzipBody) {

  /** The value of the idempotency header {@code X-Jitgate-Batch}. */
  String id() {
    return firstSequence + "-" + lastSequence;
  }

  /**
   * How many of {@code records} (from the first) fit in {@code maxBytes} of NDJSON; at least one.
   */
  static int fitting(List<SpoolRecord> records, int maxBytes) {
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      bytes += records.get(i).payload().length + 1L;
      if (bytes > maxBytes) {
        return Math.max(1, i);
      }
    }
    return records.size();
  }

  /** Encodes {@code records} (non-empty, in sequence order) at gzip level {@code gzipLevel} (0..9). */
  static Batch of(List<SpoolRecord> records, int gzipLevel) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one record");
    }
    long ndjson = 0;
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = gzip(compressed, gzipLevel)) {
      for (SpoolRecord record : records) {
        gzip.write(record.payload());
        gzip.write('\n');
        ndjson += record.payload().length + 1L;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory failed", e);
    }
    return new Batch(records.getFirst().sequence(), records.getLast().sequence(), records.size(), ndjson,
        compressed.toByteArray());
  }

  /**
   * gzip at {@code level} ({@link ShipperConfig#gzipLevel}): the proxy shares its CPU with the sessions it relays,
   * so the default is {@link Deflater#BEST_SPEED}, and 0 ({@link Deflater#NO_COMPRESSION}) still makes a valid gzip
   * stream, of stored blocks.
   */
  private static GZIPOutputStream gzip(ByteArrayOutputStream out, int level) throws IOException {
    return new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(level);
      }
    };
  }

  @Override
  public String toString() {
    return "Batch[" + id() + ", records=" + records + ", ndjsonBytes=" + ndjsonBytes + ", gzipBytes="
        + gzipBody.length + "]";
  }
}
