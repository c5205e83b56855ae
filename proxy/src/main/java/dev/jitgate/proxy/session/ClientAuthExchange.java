package dev.jitgate.proxy.session;

import dev.jitgate.pg.PgProtocolException;
import dev.jitgate.pg.frontend.AuthenticationResponseKind;
import dev.jitgate.pg.frontend.FrontendMessage;
import dev.jitgate.pg.frontend.FrontendMessages;
import dev.jitgate.pg.frontend.SaslInitialResponse;
import dev.jitgate.pg.frontend.SaslResponse;
import dev.jitgate.pg.netty.PgFrame;
import dev.jitgate.pg.scram.ScramException;
import dev.jitgate.pg.scram.ScramServer;
import java.util.List;

/**
 * One client's SCRAM-SHA-256 login against the proxy: the first {@code 'p'} message must be a
 * SASLInitialResponse, the second a SASLResponse. Unknown users get a mock exchange that fails exactly
 * like a wrong password. Not thread-safe (one per connection, on its event loop).
 */
final class ClientAuthExchange {

  /** What the session does after a step. */
  sealed interface Step {
    /** Send AuthenticationSASLContinue with this data and wait for the next message. */
    record Challenge(byte[] serverFirst) implements Step {}

    /** Send AuthenticationSASLFinal with this data, then AuthenticationOk. */
    record Authenticated(byte[] serverFinal) implements Step {}

    /** The password was wrong, or the user is unknown. */
    record InvalidPassword() implements Step {}

    /** The client broke the SASL protocol; the message is safe to show. */
    record Violation(String message) implements Step {}
  }

  private final ScramServer scram;
  private int steps;

  ClientAuthExchange(ScramServer scram) {
    this.scram = scram;
  }

  /** The SASL mechanism the client chose (lower case, e.g. {@code scram-sha-256-plus}), "unknown" before. */
  String mechanismUsed() {
    return mechanism == null ? "unknown" : mechanism.toLowerCase(java.util.Locale.ROOT);
  }

  private String mechanism;

  List<String> mechanisms() {
    return scram.mechanisms();
  }

  /** Processes one {@code 'p'} frame. */
  Step step(PgFrame frame) {
    try {
      return switch (steps++) {
        case 0 -> first(decode(frame, AuthenticationResponseKind.SASL_INITIAL));
        case 1 -> last(decode(frame, AuthenticationResponseKind.SASL));
        default -> new Step.Violation("unexpected SASL response after the exchange ended");
      };
    } catch (PgProtocolException e) {
      return new Step.Violation(e.getMessage());
    } catch (ScramException e) {
      return switch (e.reason()) {
        case INVALID_PROOF, SERVER_ERROR -> new Step.InvalidPassword();
        case PROTOCOL_VIOLATION -> new Step.Violation("malformed SCRAM message: " + e.getMessage());
      };
    }
  }

  private static FrontendMessage decode(PgFrame frame, AuthenticationResponseKind kind) {
    return FrontendMessages.decode(frame.type(), frame.body(), kind);
  }

  private Step first(FrontendMessage m) throws ScramException {
    if (!(m instanceof SaslInitialResponse r)) {
      return new Step.Violation("expected SASLInitialResponse");
    }
    if (r.data() == null) {
      return new Step.Violation("SASLInitialResponse carries no data");
    }
    mechanism = r.mechanism();
    return new Step.Challenge(scram.handleClientFirst(r.mechanism(), r.data().toArray()));
  }

  private Step last(FrontendMessage m) throws ScramException {
    if (!(m instanceof SaslResponse r)) {
      return new Step.Violation("expected SASLResponse");
    }
    return new Step.Authenticated(scram.handleClientFinal(r.data().toArray()));
  }
}
