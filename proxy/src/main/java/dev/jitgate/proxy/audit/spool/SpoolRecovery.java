package dev.jitgate.proxy.audit.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the segment index from disk. Every segment is scanned from its start; a byte range that
 * is not a valid record (bad magic, version, length, CRC, or a sequence not above the previous one)
 * is skipped by resynchronising byte by byte on the next valid record, so corruption inside a
 * segment never hides later valid records. Bytes after the last valid record of the last segment are
 * a torn write and are truncated; in earlier segments they are reported as corrupt. Zero-length
 * segment files are deleted; files without a single valid record are renamed to {@code *.corrupt}.
 */
final class SpoolRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

  private SpoolRecovery() {}

  /** The segments kept, in order, and the counts for the report. */
  record Result(
      List<Segment> segments,
      long highestSequence,
      long records,
      long tornTailBytes,
      long corruptBytes,
      int corruptRegions,
      List<String> quarantined) {}

  static Result recover(Path directory, int maxRecordBytes, Fsync fsync) throws IOException {
    List<Path> files = segmentFiles(directory);
    List<Segment> segments = new ArrayList<>();
    List<String> quarantined = new ArrayList<>();
    long lastSequence = 0;
    long records = 0;
    long torn = 0;
    long corrupt = 0;
    int regions = 0;
    try {
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        boolean last = i == files.size() - 1;
        byte[] bytes = Files.readAllBytes(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(file, Segment.parseName(file.getFileName().toString()), channel, bytes.length);
        int position = 0;
        int validEnd = 0;
        long segmentCorrupt = 0;
        int segmentRegions = 0;
        while (position < bytes.length) {
          RecordFormat.Header header =
              RecordFormat.parse(bytes, position, bytes.length, lastSequence, maxRecordBytes);
          if (header == null) {
            position++;
            continue;
          }
          if (position > validEnd) {
            segmentCorrupt += position - validEnd;
            segmentRegions++;
          }
          segment.add(header.sequence(), position, header.length(), header.appendedAtMillis());
          lastSequence = header.sequence();
          records++;
          position += header.recordBytes();
          validEnd = position;
        }
        int tail = bytes.length - validEnd;
        if (tail > 0 && last) {
          LOG.warn("audit spool segment {}: truncated a torn tail of {} bytes at offset {}",
              file.getFileName(), tail, validEnd);
          channel.truncate(validEnd);
          segment.size = validEnd;
          torn += tail;
        } else if (tail > 0) {
          segmentCorrupt += tail;
          segmentRegions++;
        }
        if (segmentCorrupt > 0) {
          LOG.warn("audit spool segment {}: skipped {} corrupt bytes in {} region(s); every valid record kept",
              file.getFileName(), segmentCorrupt, segmentRegions);
          corrupt += segmentCorrupt;
          regions += segmentRegions;
        }
        if (segment.isEmpty()) {
          channel.close();
          if (segment.size == 0) {
            Files.delete(file);
          } else {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            quarantined.add(aside.getFileName().toString());
            LOG.warn("audit spool segment {} has no valid record; moved to {}", file.getFileName(), aside.getFileName());
          }
          continue;
        }
        fsync.force(channel);
        segment.forcedSize = segment.size;
        segment.directorySynced = true;
        segments.add(segment);
      }
      fsync.forceDirectory(directory);
    } catch (IOException | RuntimeException e) {
      for (Segment segment : segments) {
        try {
          segment.channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return new Result(segments, lastSequence, records, torn, corrupt, regions, quarantined);
  }

  /** Segment files sorted by base sequence; zero-length ones are deleted first (a roll cut short). */
  private static List<Path> segmentFiles(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + Segment.SUFFIX)) {
      for (Path file : stream) {
        if (Segment.parseName(file.getFileName().toString()) < 0 || !Files.isRegularFile(file)) {
          continue;
        }
        if (Files.size(file) == 0) {
          Files.delete(file);
          continue;
        }
        files.add(file);
      }
    }
    files.sort(Comparator.comparingLong(file -> Segment.parseName(file.getFileName().toString())));
    return files;
  }
}
