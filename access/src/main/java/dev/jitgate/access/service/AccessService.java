package dev.jitgate.access.service;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.RequestQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's operations, each authorized for its {@link Actor}, decided by the pure rules in
 * {@code dev.jitgate.access.rules}, and committed with its admin event in one store transaction.
 * Every refusal is an {@link AccessException} with a {@link RejectionCode} and a reason a user can act on.
 *
 * <p>Who may do what. Admins hold every role, but rules about the caller's relation to the target bind
 * them too (separation of duties): only eligible approvers decide a request, only the holder extends a
 * grant or gets its credential, nobody decides their own request.
 * <ul>
 *   <li>integrations, resources, flows, principals: write {@code admin}; read {@code admin},
 *       {@code auditor}, {@code approver}; requesters read integrations and flows;
 *   <li>requests: create {@code requester}; cancel the requester itself; approve/deny an {@code approver}
 *       who is eligible under the request's flow; read own, or all for approver/auditor;
 *   <li>grants: read own, or all for approver/auditor; revoke {@code approver} (or the holder itself);
 *       extend and issue credentials: the holder only;
 *   <li>API tokens: create and revoke own (admins: anyone's); list own, or anyone's for
 *       admin/auditor/approver.
 * </ul>
 * Ids of requests, grants and tokens the caller may not read are answered NOT_FOUND, so ids do not leak.
 */
public interface AccessService {

  // Integrations
  List<Integration> integrations(Actor actor);

  Integration integration(Actor actor, String name);

  /** Creates an integration; its revision must be 0; CONFLICT if the name is taken. */
  Integration createIntegration(Actor actor, Integration integration);

  /** Replaces an integration; its revision must be the one read (0 means "whatever is stored"). */
  Integration updateIntegration(Actor actor, Integration integration);

  /** Deletes an integration; CONFLICT while active grants use it. */
  void deleteIntegration(Actor actor, String name);

  /** Connects with the connector credentials and reports what it can do. */
  IntegrationTestReport testIntegration(Actor actor, String name);

  // Resources
  List<Resource> resources(Actor actor, String integration);

  /** Creates or replaces a resource (by path); the integration must exist and serve the database. */
  Resource putResource(Actor actor, Resource resource);

  void deleteResource(Actor actor, String path);

  // Principals
  List<Principal> principals(Actor actor);

  Principal principal(Actor actor, String name);

  Principal putPrincipal(Actor actor, Principal principal);

  void deletePrincipal(Actor actor, String name);

  // Access flows
  List<AccessFlow> flows(Actor actor);

  AccessFlow flow(Actor actor, String name);

  AccessFlow createFlow(Actor actor, AccessFlow flow);

  AccessFlow updateFlow(Actor actor, AccessFlow flow);

  void deleteFlow(Actor actor, String name);

  // Access requests
  /** Files a request under the first flow (by name) that covers it; automatic flows approve at once. */
  AccessRequest createRequest(Actor actor, NewAccessRequest request);

  AccessRequest approve(Actor actor, String requestId, String comment);

  AccessRequest deny(Actor actor, String requestId, String comment);

  AccessRequest cancel(Actor actor, String requestId);

  List<AccessRequest> requests(Actor actor, RequestQuery query);

  AccessRequest request(Actor actor, String requestId);

  // Grants
  List<Grant> grants(Actor actor, GrantQuery query);

  Grant grant(Actor actor, String grantId);

  Grant revoke(Actor actor, String grantId, String reason);

  /** Files an extension request for an active grant, through the same flow rules. */
  AccessRequest extend(Actor actor, String grantId, Duration extra, String reason);

  /** Issues (or re-issues, replacing) the grant's credential; only the holder, only while active. */
  IssuedCredential issueCredential(Actor actor, String grantId);

  // API tokens and identity
  /** Creates a token for {@code principal} (admins for anyone, others for themselves). */
  IssuedToken createToken(Actor actor, String principal, String name, Duration ttl);

  void revokeToken(Actor actor, String tokenId);

  /**
   * API tokens, newest first: the actor's own, or — for admins, auditors and approvers — anyone's
   * ({@code principal} filters, null for all). Others asking for someone else's get FORBIDDEN naming
   * {@code principal}.
   */
  List<dev.jitgate.access.model.ApiToken> tokens(Actor actor, String principal);

  /** The actor a bearer token stands for, if the token is known, unrevoked and unexpired. */
  Optional<Actor> authenticateToken(String secret);

  /**
   * The actor for an OIDC-authenticated user: its stored definition merged with the groups and roles
   * taken from token claims.
   */
  Actor actorFor(String principal, java.util.Set<String> claimGroups);

  Me me(Actor actor);

  /**
   * First start: when no principal holds the admin role yet, creates user {@code adminName} with it and an
   * API token, from {@code presetSecret} when given (e.g. {@code JITGATE_BOOTSTRAP_TOKEN}) or generated.
   * Returns the issued token only when it was created now (so it can be printed once), empty otherwise.
   */
  Optional<IssuedToken> bootstrapAdmin(String adminName, Optional<String> presetSecret);

  /** Expires pending requests past their timeout and ends grants past their end. */
  SweepResult sweep();
}
