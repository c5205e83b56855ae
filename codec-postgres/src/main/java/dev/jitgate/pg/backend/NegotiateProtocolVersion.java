package dev.jitgate.pg.backend;

import dev.jitgate.pg.ProtocolVersion;
import java.util.List;
import java.util.Objects;

/**
 * NegotiateProtocolVersion: {@code 'v', Int32 len, Int32 newestVersion, Int32 n, (String option)[n]}.
 * Sent when the client asked for a newer minor version or for {@code _pq_.} options the server lacks.
 * The documentation calls the first field the "newest minor version", but PostgreSQL sends (and libpq
 * reads) the whole version code, major in the high 16 bits; a bare minor number is read as 3.minor.
 */
public record NegotiateProtocolVersion(ProtocolVersion newestVersion, List<String> unrecognizedOptions)
    implements BackendMessage {
  public NegotiateProtocolVersion {
    Objects.requireNonNull(newestVersion, "newestVersion");
    unrecognizedOptions = List.copyOf(unrecognizedOptions);
  }

  /** Reads the version word as PostgreSQL writes it, tolerating a bare minor number. */
  public static ProtocolVersion versionFromWire(int word) {
    return word >= 0 && word <= 0xFFFF ? new ProtocolVersion(3, word) : ProtocolVersion.fromCode(word);
  }
}
