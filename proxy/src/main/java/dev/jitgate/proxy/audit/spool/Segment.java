package dev.jitgate.proxy.audit.spool;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One segment file and the in-memory index of its records (sequence, offset, payload length,
 * append time in primitive arrays). Guarded by the spool's lock, except the channel itself.
 */
final class Segment {

  static final String SUFFIX = ".seg";

  final Path path;
  final long baseSequence;
  final FileChannel channel;
  long size;
  long forcedSize;
  boolean directorySynced;
  volatile boolean deleted;
  private long[] sequences = new long[16];
  private long[] offsets = new long[16];
  private int[] lengths = new int[16];
  private long[] times = new long[16];
  private int count;

  Segment(Path path, long baseSequence, FileChannel channel, long size) {
    this.path = path;
    this.baseSequence = baseSequence;
    this.channel = channel;
    this.size = size;
  }

  static String fileName(long baseSequence) {
    return HexFormat.of().toHexDigits(baseSequence) + SUFFIX;
  }

  /** The base sequence encoded in a segment file name, or -1 if the name is not a segment's. */
  static long parseName(String name) {
    if (!name.endsWith(SUFFIX) || name.length() != 16 + SUFFIX.length()) {
      return -1;
    }
    String hex = name.substring(0, 16);
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return -1;
      }
    }
    return HexFormat.fromHexDigitsToLong(hex);
  }

  void add(long sequence, long offset, int length, long appendedAtMillis) {
    if (count == sequences.length) {
      int grown = count * 2;
      sequences = Arrays.copyOf(sequences, grown);
      offsets = Arrays.copyOf(offsets, grown);
      lengths = Arrays.copyOf(lengths, grown);
      times = Arrays.copyOf(times, grown);
    }
    sequences[count] = sequence;
    offsets[count] = offset;
    lengths[count] = length;
    times[count] = appendedAtMillis;
    count++;
  }

  int count() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  long lastSequence() {
    return count == 0 ? 0 : sequences[count - 1];
  }

  /** Index of the first record with a sequence above {@code sequence} ({@link #count()} if none). */
  int indexAfter(long sequence) {
    int found = Arrays.binarySearch(sequences, 0, count, sequence);
    return found >= 0 ? found + 1 : -found - 1;
  }

  long sequence(int index) {
    return sequences[index];
  }

  long offset(int index) {
    return offsets[index];
  }

  int length(int index) {
    return lengths[index];
  }

  long appendedAtMillis(int index) {
    return times[index];
  }
}
