package dev.jitgate.proxy.audit.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** How the spool forces files and directories to disk; a seam so tests can observe forces. */
interface Fsync {

  void force(FileChannel channel) throws IOException;

  void forceDirectory(Path directory) throws IOException;

  /** The real thing: {@code FileChannel.force(true)} and a forced read-only directory channel. */
  static Fsync system() {
    return new Fsync() {
      @Override
      public void force(FileChannel channel) throws IOException {
        channel.force(true);
      }

      @Override
      public void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
          dir.force(true);
        }
      }
    };
  }
}
