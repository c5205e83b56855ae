package dev.jitgate.proxy.gate;

import java.util.concurrent.CompletionStage;

/**
 * Decides, for one login, what the client must authenticate against and, once it has, whether and where
 * it may go. Two steps so that nothing about grants or routes is revealed before the client has proved
 * who it is:
 *
 * <ol>
 *   <li>{@link #begin} — before authentication, on the event loop, never blocking: the SCRAM verifier to run
 *       the exchange against (none → a mock exchange that always fails with the same text as a wrong
 *       password);
 *   <li>{@link #admit} — after a successful exchange: admitted (with the upstream to connect to, possibly
 *       after provisioning a role, which is why it is asynchronous) or refused with a FATAL error that says
 *       how to fix it.
 * </ol>
 *
 * Implementations: {@link StaticAccessGate} (users and routes from the configuration) and the grant gate
 * (access grants from the control plane, short-lived database roles).
 */
public interface AccessGate {

  /** Step 1: what {@code user} must authenticate against to reach {@code database}. */
  LoginCheck begin(String user, String database);

  /**
   * Step 2, only after {@code check}'s verifier accepted the client's proof. The stage may complete on any
   * thread; it completes exceptionally only on an internal error (the client then gets a generic error).
   */
  CompletionStage<Admission> admit(LoginCheck check);
}
