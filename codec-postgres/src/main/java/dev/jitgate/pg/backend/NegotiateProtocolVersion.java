package dev.jitgate.pg.backend;

import java.util.List;

/**
 * NegotiateProtocolVersion: {@code 'v', Int32 len, Int32 newestMinorVersion, Int32 n, (String option)[n]}.
 * Sent when the client asked for a newer minor version or for {@code _pq_.} options the server lacks.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
    implements BackendMessage {
  public NegotiateProtocolVersion {
    unrecognizedOptions = List.copyOf(unrecognizedOptions);
  }
}
