package dev.jitgate.proxy.audit.spool;

import dev.jitgate.proxy.audit.spool.RecoveryReport.AckFileState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The acknowledgement position, one line {@code ack <sequence>} in the file {@code ack}, replaced
 * atomically: write {@code ack.tmp}, force it, rename over {@code ack}, force the directory.
 */
final class AckFile {

  static final String NAME = "ack";
  static final String TEMP = "ack.tmp";

  private final Path directory;
  private final Fsync fsync;

  AckFile(Path directory, Fsync fsync) {
    this.directory = directory;
    this.fsync = fsync;
  }

  /** The stored position and the file's state. */
  record Position(long sequence, AckFileState state) {}

  Position read() throws IOException {
    Files.deleteIfExists(directory.resolve(TEMP));
    String text;
    try {
      text = Files.readString(directory.resolve(NAME), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return new Position(0, AckFileState.MISSING);
    }
    String trimmed = text.strip();
    if (!trimmed.startsWith("ack ")) {
      return new Position(0, AckFileState.INVALID);
    }
    try {
      long sequence = Long.parseLong(trimmed.substring(4));
      return sequence < 0 ? new Position(0, AckFileState.INVALID) : new Position(sequence, AckFileState.PRESENT);
    } catch (NumberFormatException e) {
      return new Position(0, AckFileState.INVALID);
    }
  }

  void write(long sequence) throws IOException {
    Path temp = directory.resolve(TEMP);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(("ack " + sequence + "\n").getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      fsync.force(channel);
    }
    Files.move(temp, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsync.forceDirectory(directory);
  }
}
