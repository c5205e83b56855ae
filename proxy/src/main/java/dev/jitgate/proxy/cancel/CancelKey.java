package dev.jitgate.proxy.cancel;

import java.util.Arrays;

/**
 * The process id and secret key the proxy hands a client in BackendKeyData. The client quotes them in a
 * CancelRequest; they are the proxy's own, never the upstream server's.
 */
public record CancelKey(int processId, byte[] secret) {
  public CancelKey {
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CancelKey k && k.processId == processId && Arrays.equals(k.secret, secret);
  }

  @Override
  public int hashCode() {
    return processId;
  }

  @Override
  public String toString() {
    return "CancelKey[processId=" + processId + ", secret=<" + secret.length + " bytes>]";
  }
}
