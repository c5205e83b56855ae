package dev.jitgate.proxy.gate;

import dev.jitgate.proxy.config.UpstreamConfig;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

  /**
   * Step 0, before {@link #begin}: completes when the gate is ready to answer {@code begin} for this login (e.g.
   * once its view of grants has caught up with a credential issued a moment ago). The client waits for its
   * authentication request meanwhile. The default is ready at once; it never completes exceptionally.
   */
  default CompletionStage<Void> prepare(String user, String database) {
    return CompletableFuture.completedFuture(null);
  }

  /** Step 1: what {@code user} must authenticate against to reach {@code database}. */
  LoginCheck begin(String user, String database);

  /**
   * Step 2, only after {@code check}'s verifier accepted the client's proof. The stage may complete on any
   * thread; it completes exceptionally only on an internal error (the client then gets a generic error).
   */
  CompletionStage<Admission> admit(LoginCheck check);

  /**
   * The HINT of the FATAL 28P01 sent when the exchange of {@code check} failed, empty for none. It must not
   * depend on whether the user exists or what they hold: an unknown user and a wrong password read the same.
   */
  default String authenticationFailedHint(LoginCheck check) {
    return "";
  }

  /**
   * The upstream refused to let {@code admitted}'s session log in (say another proxy gave the role a new
   * password, or somebody dropped it): repairs what it can and returns the upstream to try once more, or empty to
   * give up. Asked at most once per session; the stage may complete on any thread and never exceptionally.
   */
  default CompletionStage<Optional<UpstreamConfig>> repair(Admission.Admitted admitted) {
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
