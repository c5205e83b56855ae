package dev.jitgate.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import dev.jitgate.pg.backend.ParameterStatus;
import java.util.List;
import java.util.Map;

/**
 * Follows the sync points of a relayed session, message type by message type, to tell whether its upstream
 * connection is idle and clean when the client leaves (so that it may serve another session), and keeps the
 * ParameterStatus values the server reported. Every Query, FunctionCall and Sync the client sends is answered
 * by exactly one ReadyForQuery; extended-protocol messages after the last Sync leave work the server has not
 * finished. Confined to the session's event loop.
 */
final class UpstreamSyncTracker {

  /** Client message types this tracker must see. */
  static final byte[] FRONTEND_TYPES = {'Q', 'F', 'S', 'P', 'B', 'E', 'D', 'C', 'H', 'X'};
  /** Server message types this tracker must see, with their bodies. */
  static final byte[] BACKEND_TYPES = {'Z', 'S'};

  private long awaitingReady;
  private boolean unsynced;
  private byte lastStatus = 'I';
  private boolean terminated;
  /** A ParameterStatus arrived cut: the values kept are not the server's any more. */
  private boolean parametersUnknown;
  private final LinkedHashMap<String, String> reported = new LinkedHashMap<>();

  /** A tracker for a connection whose login reported {@code parameters}. */
  UpstreamSyncTracker(List<ParameterStatus> parameters) {
    parameters.forEach(p -> reported.put(p.name(), p.value()));
  }

  /** A client message of {@code type}, about to be forwarded. */
  void frontend(byte type) {
    switch (type) {
      case 'Q', 'F' -> awaitingReady++;
      case 'S' -> {
        awaitingReady++;
        unsynced = false;
      }
      case 'P', 'B', 'E', 'D', 'C', 'H' -> unsynced = true;
      case 'X' -> terminated = true;
      default -> { }
    }
  }

  /** A server message of {@code type} with its captured body and its full body length. */
  void backend(byte type, byte[] body, int length) {
    switch (type) {
      case 'Z' -> {
        if (awaitingReady > 0) {
          awaitingReady--;
        }
        if (body.length > 0) {
          lastStatus = body[0];
        }
      }
      case 'S' -> {
        if (body.length < length) {
          parametersUnknown = true;
        } else {
          parameterStatus(body);
        }
      }
      default -> { }
    }
  }

  private void parameterStatus(byte[] body) {
    int nameEnd = indexOfZero(body, 0);
    int valueEnd = nameEnd < 0 ? -1 : indexOfZero(body, nameEnd + 1);
    if (valueEnd < 0) {
      parametersUnknown = true; // malformed: the relay forwarded it, the client's problem
      return;
    }
    reported.put(new String(body, 0, nameEnd, StandardCharsets.UTF_8),
        new String(body, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8));
  }

  private static int indexOfZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the client has sent Terminate. */
  boolean terminated() {
    return terminated;
  }

  /**
   * Whether the upstream connection is idle and outside a transaction: every sync point answered, nothing
   * sent after the last one, the last ReadyForQuery said idle, and every ParameterStatus was read whole.
   */
  boolean idle() {
    return awaitingReady == 0 && !unsynced && lastStatus == 'I' && !parametersUnknown;
  }

  /** The ParameterStatus values reported so far, in order of first report. */
  Map<String, String> reported() {
    return reported;
  }
}
