package dev.jitgate.proxy.cancel;

/** A session that can cancel the query its upstream server is running. */
@FunctionalInterface
public interface CancelTarget {
  /** Sends a CancelRequest to the upstream server on a new connection. Never blocks. */
  void cancelUpstreamQuery();
}
