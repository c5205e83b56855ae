package dev.jitgate.proxy.cancel;

import dev.jitgate.pg.Bytes;
import java.util.Objects;

/**
 * The process id and secret key the proxy hands a client in BackendKeyData. The client quotes them in a
 * CancelRequest; they are the proxy's own, never the upstream server's.
 */
public record CancelKey(int processId, Bytes secret) {
  public CancelKey {
    Objects.requireNonNull(secret, "secret");
  }
}
