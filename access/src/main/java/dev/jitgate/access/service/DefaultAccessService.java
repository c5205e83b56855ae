package dev.jitgate.access.service;

import static dev.jitgate.access.service.Transactions.guard;
import static dev.jitgate.access.service.Transactions.require;

import dev.jitgate.access.ids.IdGenerator;
import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.EntityKind;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Names;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.probe.IntegrationProbe;
import dev.jitgate.access.rules.ApprovalStep;
import dev.jitgate.access.rules.Approvers;
import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.rules.FlowMatcher;
import dev.jitgate.access.rules.GrantRules;
import dev.jitgate.access.rules.Operation;
import dev.jitgate.access.rules.RequestRules;
import dev.jitgate.access.rules.RequestedAccess;
import dev.jitgate.access.secret.SecretResolutionException;
import dev.jitgate.access.secret.SecretResolver;
import dev.jitgate.access.secret.SecretValue;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.access.store.CommitResult;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.RequestQuery;
import dev.jitgate.pg.scram.ScramVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link AccessService} over an {@link AccessStore}. Every operation authorizes the actor, reads what
 * it needs, applies the pure rules of {@code dev.jitgate.access.rules}, and commits the entity writes with
 * one admin event per action in one change set; when the commit finds a stale revision it re-reads and
 * decides again (up to {@value Transactions#MAX_ATTEMPTS} attempts), then answers CONFLICT.
 */
public final class DefaultAccessService implements AccessService {
  /** Shortest API token lifetime. */
  public static final Duration MIN_TOKEN_TTL = Duration.ofMinutes(1);
  /** Longest API token lifetime, also the bootstrap token's. */
  public static final Duration MAX_TOKEN_TTL = Duration.ofDays(365);
  /**
   * How long a grant's credential is kept after the grant ended, so that the proxy can still authenticate
   * its holder and tell them that (and when) the grant ended instead of failing like a wrong password.
   */
  public static final Duration CREDENTIAL_RETENTION = Duration.ofDays(7);
  private static final int PAGE = 1000;
  /** Credentials deleted per commit by the purge step of {@link #sweep()}. */
  private static final int PURGE_BATCH = 100;
  /** The purge step reads every credential, so {@link #sweep()} (run every second) does it at most this often. */
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  private final AccessStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final SecretResolver secrets;
  private final IntegrationProbe probe;
  private final SecureRandom random;
  private final Transactions tx;
  private final Duration credentialRetention;
  private volatile Instant nextPurge = Instant.MIN;

  /** A service keeping ended grants' credentials for {@link #CREDENTIAL_RETENTION}. */
  public DefaultAccessService(AccessStore store, Clock clock, IdGenerator ids, SecretResolver secrets,
      IntegrationProbe probe, SecureRandom random) {
    this(store, clock, ids, secrets, probe, random, CREDENTIAL_RETENTION);
  }

  /**
   * A service keeping ended grants' credentials for {@code credentialRetention}; {@link #sweep()} deletes
   * them afterwards.
   */
  public DefaultAccessService(AccessStore store, Clock clock, IdGenerator ids, SecretResolver secrets,
      IntegrationProbe probe, SecureRandom random, Duration credentialRetention) {
    Objects.requireNonNull(credentialRetention, "credentialRetention");
    if (credentialRetention.isNegative()) {
      throw new IllegalArgumentException("credentialRetention must not be negative");
    }
    this.credentialRetention = credentialRetention;
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.random = Objects.requireNonNull(random, "random");
    this.tx = new Transactions(ids);
  }

  // ---------------------------------------------------------------------------------------- integrations

  @Override
  public List<Integration> integrations(Actor actor) {
    allow(actor, Operation.READ_INTEGRATIONS);
    return store.integrations();
  }

  @Override
  public Integration integration(Actor actor, String name) {
    allow(actor, Operation.READ_INTEGRATIONS);
    return existingIntegration(name);
  }

  @Override
  public Integration createIntegration(Actor actor, Integration integration) {
    allow(actor, Operation.WRITE_INTEGRATIONS);
    required("integration", integration);
    if (integration.revision() != 0) {
      throw new AccessException(RejectionCode.INVALID, "revision", "must be 0 when creating");
    }
    return tx.run(() -> {
      Instant now = clock.instant();
      if (store.integration(integration.name()).isPresent()) {
        throw conflict("an integration named " + integration.name() + " already exists");
      }
      Integration stamped = stamped(integration, now, now, 0);
      return commitOne(stamped, actor, now, "integration.create", integrationDetails(stamped));
    });
  }

  @Override
  public Integration updateIntegration(Actor actor, Integration integration) {
    allow(actor, Operation.WRITE_INTEGRATIONS);
    required("integration", integration);
    return tx.run(() -> {
      Instant now = clock.instant();
      Integration stored = existingIntegration(integration.name());
      long revision = expectRevision(stored, integration.revision());
      Integration stamped = stamped(integration, stored.createdAt() == null ? now : stored.createdAt(),
          now, revision);
      return commitOne(stamped, actor, now, "integration.update", integrationDetails(stamped));
    });
  }

  @Override
  public void deleteIntegration(Actor actor, String name) {
    allow(actor, Operation.WRITE_INTEGRATIONS);
    tx.run(() -> {
      Instant now = clock.instant();
      Integration stored = existingIntegration(name);
      if (!store.grants(new GrantQuery(null, GrantState.ACTIVE, name, null, 1)).isEmpty()) {
        throw conflict("integration " + name + " has active grants; revoke them first");
      }
      List<Resource> resources = store.resources(name);
      ChangeSet.Builder changes = ChangeSet.builder().delete(stored);
      resources.forEach(changes::delete);
      changes.event(tx.event(actor.principal(), now, "integration.delete", stored,
          Map.of("resources", Integer.toString(resources.size()))));
      return store.commit(changes.build());
    });
  }

  @Override
  public IntegrationTestReport testIntegration(Actor actor, String name) {
    allow(actor, Operation.TEST_INTEGRATIONS);
    Integration integration = guard(() -> existingIntegration(name));
    IntegrationTestReport report = probeIntegration(integration);
    long failed = report.checks().stream().filter(c -> !c.ok()).count();
    store.commit(ChangeSet.builder()
        .event(tx.event(actor.principal(), clock.instant(), "integration.test", integration,
            Map.of("ok", Boolean.toString(report.ok()), "failedChecks", Long.toString(failed))))
        .build());
    return report;
  }

  private IntegrationTestReport probeIntegration(Integration integration) {
    return switch (integration.connector().auth()) {
      case IAM -> failedReport(integration, "connector.auth",
          "IAM authentication is supported in a later release; use password authentication for now");
      case PASSWORD -> {
        SecretValue password;
        try {
          password = secrets.resolve(integration.connector().secret());
        } catch (SecretResolutionException e) {
          yield failedReport(integration, "secret", e.getMessage());
        }
        yield probe.probe(integration, password);
      }
    };
  }

  private static IntegrationTestReport failedReport(Integration integration, String check, String detail) {
    return new IntegrationTestReport(integration.name(), false, "",
        List.of(new IntegrationTestReport.Check(check, false, detail)));
  }

  // ------------------------------------------------------------------------------------------- resources

  @Override
  public List<Resource> resources(Actor actor, String integration) {
    allow(actor, Operation.READ_RESOURCES);
    existingIntegration(integration);
    return store.resources(integration);
  }

  @Override
  public Resource putResource(Actor actor, Resource resource) {
    allow(actor, Operation.WRITE_RESOURCES);
    required("resource", resource);
    return tx.run(() -> {
      Instant now = clock.instant();
      Integration integration = store.integration(resource.integration())
          .orElseThrow(() -> invalid("integration", "no integration named " + resource.integration()));
      if (!integration.servesDatabase(resource.database())) {
        throw invalid("database", "integration " + integration.name() + " has no database "
            + resource.database() + " (it has: " + String.join(", ", integration.databases()) + ")");
      }
      long revision = expectRevisionIfStored(store.resource(resource.key()), resource.revision());
      Resource next = resource.withRevision(revision);
      return commitOne(next, actor, now, "resource.put", Map.of("tags", Integer.toString(next.tags().size())));
    });
  }

  @Override
  public void deleteResource(Actor actor, String path) {
    allow(actor, Operation.WRITE_RESOURCES);
    tx.run(() -> {
      Instant now = clock.instant();
      Resource stored = store.resource(required("path", path))
          .orElseThrow(() -> notFound("no resource " + path));
      return deleteOne(stored, actor, now, "resource.delete");
    });
  }

  // ------------------------------------------------------------------------------------------ principals

  @Override
  public List<Principal> principals(Actor actor) {
    allow(actor, Operation.READ_PRINCIPALS);
    return store.principals();
  }

  @Override
  public Principal principal(Actor actor, String name) {
    if (!actor.principal().equals(name)) {
      allow(actor, Operation.READ_PRINCIPALS);
    }
    return store.principal(required("name", name)).orElseThrow(() -> notFound("no principal named " + name));
  }

  @Override
  public Principal putPrincipal(Actor actor, Principal principal) {
    allow(actor, Operation.WRITE_PRINCIPALS);
    required("principal", principal);
    return tx.run(() -> {
      Instant now = clock.instant();
      long revision = expectRevisionIfStored(store.principal(principal.name()), principal.revision());
      Principal next = principal.withRevision(revision);
      return commitOne(next, actor, now, "principal.put", Map.of("kind", next.kind().wireName(),
          "roles", roles(next.roles())));
    });
  }

  @Override
  public void deletePrincipal(Actor actor, String name) {
    allow(actor, Operation.WRITE_PRINCIPALS);
    tx.run(() -> {
      Instant now = clock.instant();
      Principal stored = store.principal(required("name", name))
          .orElseThrow(() -> notFound("no principal named " + name));
      // A deleted user keeps no access: its active grants are revoked in the same commit.
      ChangeSet.Builder changes = ChangeSet.builder().delete(stored)
          .event(tx.event(actor.principal(), now, "principal.delete", stored, Map.of()));
      for (Grant g : store.grants(GrantQuery.activeOf(stored.name()))) {
        endGrant(changes, g.ended(GrantState.REVOKED, now, actor.principal(), EndReason.REVOKED, ""),
            actor.principal(), now, "grant.revoke", Map.of("reason", "principal deleted"));
      }
      return store.commit(changes.build());
    });
  }

  // ----------------------------------------------------------------------------------------------- flows

  @Override
  public List<AccessFlow> flows(Actor actor) {
    allow(actor, Operation.READ_FLOWS);
    return store.flows();
  }

  @Override
  public AccessFlow flow(Actor actor, String name) {
    allow(actor, Operation.READ_FLOWS);
    return existingFlow(name);
  }

  @Override
  public AccessFlow createFlow(Actor actor, AccessFlow flow) {
    allow(actor, Operation.WRITE_FLOWS);
    required("flow", flow);
    if (flow.revision() != 0) {
      throw new AccessException(RejectionCode.INVALID, "revision", "must be 0 when creating");
    }
    return tx.run(() -> {
      Instant now = clock.instant();
      checkSelectors(flow);
      if (store.flow(flow.name()).isPresent()) {
        throw conflict("an access flow named " + flow.name() + " already exists");
      }
      return commitOne(flow, actor, now, "access_flow.create", flowDetails(flow));
    });
  }

  @Override
  public AccessFlow updateFlow(Actor actor, AccessFlow flow) {
    allow(actor, Operation.WRITE_FLOWS);
    required("flow", flow);
    return tx.run(() -> {
      Instant now = clock.instant();
      AccessFlow stored = existingFlow(flow.name());
      checkSelectors(flow);
      AccessFlow next = flow.withRevision(expectRevision(stored, flow.revision()));
      return commitOne(next, actor, now, "access_flow.update", flowDetails(next));
    });
  }

  @Override
  public void deleteFlow(Actor actor, String name) {
    allow(actor, Operation.WRITE_FLOWS);
    tx.run(() -> deleteOne(existingFlow(name), actor, clock.instant(), "access_flow.delete"));
  }

  private void checkSelectors(AccessFlow flow) {
    for (ResourceSelector selector : flow.resources()) {
      if (selector instanceof ResourceSelector.ByPath path && store.integration(path.integration()).isEmpty()) {
        throw invalid("resources", "no integration named " + path.integration());
      }
    }
  }

  // -------------------------------------------------------------------------------------------- requests

  @Override
  public AccessRequest createRequest(Actor actor, NewAccessRequest request) {
    allow(actor, Operation.CREATE_REQUESTS);
    required("request", request);
    required("integration", request.integration());
    required("database", request.database());
    required("permission", request.permission());
    Duration duration = positive("duration", request.duration());
    return tx.run(() -> {
      Instant now = clock.instant();
      Integration integration = store.integration(request.integration())
          .orElseThrow(() -> invalid("integration", "no integration named " + request.integration()));
      RequestedAccess ask = new RequestedAccess(actor.principal(), actor.groups(), RequestKind.NEW,
          integration, request.database(), databaseTags(integration.name(), request.database()),
          request.permission(), duration, request.reason());
      return file(actor, ask, "", now);
    });
  }

  /** Opens the request under its flow and, for automatic flows, approves it at once; commits. */
  private AccessRequest file(Actor actor, RequestedAccess ask, String extendsGrant, Instant now) {
    AccessFlow flow = require(FlowMatcher.match(store.flows(), ask));
    List<AccessRequest> mine = store.requests(new RequestQuery(RequestState.PENDING, actor.principal(), PAGE));
    AccessRequest opened = require(RequestRules.open(ids.next(), ask, extendsGrant, flow, mine, now));
    boolean automatic = flow.approval() instanceof ApprovalRule.Automatic;
    AccessRequest result = automatic
        ? require(RequestRules.approveAutomatically(opened, grantIdFor(opened), now))
        : opened;
    ChangeSet.Builder changes = ChangeSet.builder().put(result);
    changes.event(tx.event(actor.principal(), now, "access_request.create", opened, requestDetails(opened)));
    if (automatic) {
      changes.event(tx.event(Decision.SYSTEM, now, "access_request.approve", result,
          Map.of("state", result.state().wireName(), "grant", result.grantId(), "automatic", "true")));
      applyApproval(changes, result, now);
    }
    return commitFirst(changes, AccessRequest.class);
  }

  @Override
  public AccessRequest approve(Actor actor, String requestId, String comment) {
    return tx.run(() -> {
      Instant now = clock.instant();
      AccessRequest request = visibleRequest(actor, requestId);
      Approvers approvers = approversOf(request);
      ApprovalStep step = require(RequestRules.approve(request, actor, approvers, comment,
          grantIdFor(request), now));
      ChangeSet.Builder changes = ChangeSet.builder().put(step.request());
      switch (step) {
        case ApprovalStep.Recorded recorded -> changes.event(tx.event(actor.principal(), now,
            "access_request.approve", recorded.request(), Map.of("state", "pending",
                "approvals", Integer.toString(recorded.approvals()),
                "needed", Integer.toString(recorded.needed()))));
        case ApprovalStep.Approved approved -> {
          changes.event(tx.event(actor.principal(), now, "access_request.approve", approved.request(),
              Map.of("state", "approved", "grant", approved.request().grantId(),
                  "approvals", Integer.toString(approved.request().approvals().size()))));
          applyApproval(changes, approved.request(), now);
        }
      }
      return commitFirst(changes, AccessRequest.class);
    });
  }

  @Override
  public AccessRequest deny(Actor actor, String requestId, String comment) {
    return tx.run(() -> {
      Instant now = clock.instant();
      AccessRequest request = visibleRequest(actor, requestId);
      AccessRequest denied = require(RequestRules.deny(request, actor, approversOf(request), comment, now));
      return commitOne(denied, actor, now, "access_request.deny", Map.of("state", "denied"));
    });
  }

  @Override
  public AccessRequest cancel(Actor actor, String requestId) {
    return tx.run(() -> {
      Instant now = clock.instant();
      AccessRequest cancelled = require(RequestRules.cancel(visibleRequest(actor, requestId), actor, now));
      return commitOne(cancelled, actor, now, "access_request.cancel", Map.of("state", "cancelled"));
    });
  }

  @Override
  public List<AccessRequest> requests(Actor actor, RequestQuery query) {
    RequestQuery q = query == null ? RequestQuery.all() : query;
    if (Authorization.allows(actor, Operation.READ_ALL_REQUESTS)) {
      return store.requests(q);
    }
    if (q.requester() != null && !q.requester().equals(actor.principal())) {
      return List.of();
    }
    return store.requests(new RequestQuery(q.state(), actor.principal(), q.limit()));
  }

  @Override
  public AccessRequest request(Actor actor, String requestId) {
    return visibleRequest(actor, requestId);
  }

  private Approvers approversOf(AccessRequest request) {
    return Approvers.of(store.flow(request.flow()), store.integration(request.integration()),
        store.resource(Resource.path(request.integration(), request.database())));
  }

  private String grantIdFor(AccessRequest request) {
    return switch (request.kind()) {
      case NEW -> ids.next();
      case EXTENSION -> request.extendsGrant();
    };
  }

  /** Adds the grant writes of an approved request: a new grant (superseding others) or an extension. */
  private void applyApproval(ChangeSet.Builder changes, AccessRequest approved, Instant now) {
    switch (approved.kind()) {
      case NEW -> {
        if (store.integration(approved.integration()).isEmpty()) {
          throw conflict("integration " + approved.integration() + " no longer exists");
        }
        Grant grant = require(GrantRules.issue(approved, now));
        changes.put(grant);
        changes.event(tx.event(Decision.SYSTEM, now, "grant.create", grant, Map.of(
            "principal", grant.principal(), "request", approved.id(),
            "permission", grant.permission().toString(), "endsAt", grant.endsAt().toString())));
        List<Grant> active = store.grants(new GrantQuery(grant.principal(), GrantState.ACTIVE,
            grant.integration(), grant.database(), PAGE));
        for (Grant ended : GrantRules.supersede(active, grant, now)) {
          endGrant(changes, ended, Decision.SYSTEM, now, "grant.supersede",
              Map.of("supersededBy", grant.id()));
        }
      }
      case EXTENSION -> {
        Grant grant = store.grant(approved.extendsGrant())
            .orElseThrow(() -> conflict("grant " + approved.extendsGrant() + " no longer exists"));
        Grant extended = require(GrantRules.extend(grant, approved, now));
        changes.put(extended);
        changes.event(tx.event(Decision.SYSTEM, now, "grant.extend", extended, Map.of(
            "request", approved.id(), "extra", DurationText.format(approved.duration()),
            "endsAt", extended.endsAt().toString())));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- grants

  @Override
  public List<Grant> grants(Actor actor, GrantQuery query) {
    GrantQuery q = query == null ? GrantQuery.all() : query;
    if (Authorization.allows(actor, Operation.READ_ALL_GRANTS)) {
      return store.grants(q);
    }
    if (q.principal() != null && !q.principal().equals(actor.principal())) {
      return List.of();
    }
    return store.grants(new GrantQuery(actor.principal(), q.state(), q.integration(), q.database(), q.limit()));
  }

  @Override
  public Grant grant(Actor actor, String grantId) {
    return visibleGrant(actor, grantId);
  }

  @Override
  public Grant revoke(Actor actor, String grantId, String reason) {
    return tx.run(() -> {
      Instant now = clock.instant();
      Grant revoked = require(GrantRules.revoke(visibleGrant(actor, grantId), actor, now));
      String text = Names.text("reason", reason);
      ChangeSet.Builder changes = ChangeSet.builder();
      endGrant(changes, revoked, actor.principal(), now, "grant.revoke", Map.of("reason", text));
      return commitFirst(changes, Grant.class);
    });
  }

  @Override
  public AccessRequest extend(Actor actor, String grantId, Duration extra, String reason) {
    allow(actor, Operation.CREATE_REQUESTS);
    Duration duration = positive("duration", extra);
    return tx.run(() -> {
      Instant now = clock.instant();
      Grant grant = require(GrantRules.checkExtendable(visibleGrant(actor, grantId), actor, now));
      Integration integration = store.integration(grant.integration())
          .orElseThrow(() -> conflict("integration " + grant.integration() + " no longer exists"));
      RequestedAccess ask = new RequestedAccess(actor.principal(), actor.groups(), RequestKind.EXTENSION,
          integration, grant.database(), databaseTags(grant.integration(), grant.database()),
          grant.permission(), duration, reason);
      return file(actor, ask, grant.id(), now);
    });
  }

  @Override
  public IssuedCredential issueCredential(Actor actor, String grantId) {
    return tx.run(() -> {
      Instant now = clock.instant();
      Grant grant = require(GrantRules.checkCredentialIssue(visibleGrant(actor, grantId), actor, now));
      Optional<GrantCredential> previous = store.credential(grant.id());
      String password = TokenSecrets.newPassword(random);
      String verifier = ScramVerifier.generate(password, random).format();
      GrantCredential credential = new GrantCredential(grant.id(), grant.principal(), verifier, now,
          previous.map(GrantCredential::revision).orElse(0L));
      commitOne(credential, actor, now, "grant_credential.issue",
          Map.of("reissue", Boolean.toString(previous.isPresent())));
      return new IssuedCredential(grant, password, now);
    });
  }

  /**
   * Puts an ended grant and records {@code action}. Its credential stays (until {@link #sweep()} purges it
   * after the retention period): the proxy authenticates with it and then says that the grant ended.
   */
  private void endGrant(ChangeSet.Builder changes, Grant ended, String actor, Instant now, String action,
      Map<String, String> details) {
    changes.put(ended);
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("state", ended.state().wireName());
    all.put("endReason", ended.endReason().wireName());
    changes.event(tx.event(actor, now, action, ended, all));
  }

  // ------------------------------------------------------------------------------------- tokens, actors

  @Override
  public IssuedToken createToken(Actor actor, String principal, String name, Duration ttl) {
    required("principal", principal);
    if (!principal.equals(actor.principal())) {
      allow(actor, Operation.MANAGE_ANY_TOKEN);
    }
    if (ttl == null || ttl.compareTo(MIN_TOKEN_TTL) < 0 || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
      throw invalid("ttl", "must be between 1m and 365d");
    }
    return tx.run(() -> {
      Instant now = clock.instant();
      store.principal(principal).filter(p -> p.kind() == PrincipalKind.USER)
          .orElseThrow(() -> invalid("principal", "no user named " + principal));
      String secret = TokenSecrets.newToken(random);
      ApiToken token = new ApiToken(ids.next(), principal, name, TokenSecrets.hash(secret), now,
          now.plus(ttl), false, 0);
      ApiToken stored = commitOne(token, actor, now, "api_token.create", tokenDetails(token));
      return new IssuedToken(stored, secret);
    });
  }

  @Override
  public void revokeToken(Actor actor, String tokenId) {
    tx.run(() -> {
      Instant now = clock.instant();
      ApiToken token = store.find(EntityKind.TOKEN, required("tokenId", tokenId))
          .map(ApiToken.class::cast)
          .filter(t -> Authorization.canManage(actor, t))
          .orElseThrow(() -> notFound("no API token " + tokenId));
      if (token.revoked()) {
        throw conflict("API token " + tokenId + " is already revoked");
      }
      ApiToken revoked = new ApiToken(token.id(), token.principal(), token.name(), token.hash(),
          token.createdAt(), token.expiresAt(), true, token.revision());
      return commitOne(revoked, actor, now, "api_token.revoke", Map.of("principal", token.principal()));
    });
  }

  @Override
  public List<ApiToken> tokens(Actor actor, String principal) {
    boolean readsOthers = actor.has(Role.AUDITOR) || actor.has(Role.APPROVER);
    if (!readsOthers && principal != null && !principal.equals(actor.principal())) {
      throw new AccessException(RejectionCode.FORBIDDEN, "principal",
          "only admins, auditors and approvers may list other principals' tokens");
    }
    String only = readsOthers ? principal : actor.principal();
    return store.list(EntityKind.TOKEN).stream()
        .map(ApiToken.class::cast)
        .filter(t -> only == null || t.principal().equals(only))
        .sorted(java.util.Comparator.comparing(ApiToken::createdAt).reversed())
        .toList();
  }

  @Override
  public Optional<Actor> authenticateToken(String secret) {
    if (secret == null || !secret.startsWith(TokenSecrets.TOKEN_PREFIX) || secret.length() > 512) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return store.tokenByHash(TokenSecrets.hash(secret))
        .filter(t -> t.isUsableAt(now))
        .flatMap(t -> store.principal(t.principal()))
        .filter(p -> p.kind() == PrincipalKind.USER)
        .map(p -> actorOf(p.name(), Optional.of(p), Set.of()));
  }

  @Override
  public Actor actorFor(String principal, Set<String> claimGroups) {
    return guard(() -> {
      Names.principal("principal", principal);
      Set<String> claims = claimGroups == null ? Set.of() : claimGroups;
      claims.forEach(g -> Names.principal("groups", g));
      Optional<Principal> stored = store.principal(principal).filter(p -> p.kind() == PrincipalKind.USER);
      return actorOf(principal, stored, claims);
    });
  }

  /** The actor for user {@code name}: its groups and claim groups, its roles and all those groups' roles. */
  private Actor actorOf(String name, Optional<Principal> user, Set<String> claimGroups) {
    Set<String> groups = new LinkedHashSet<>();
    user.ifPresent(u -> groups.addAll(u.groups()));
    groups.addAll(claimGroups);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    user.ifPresent(u -> roles.addAll(u.roles()));
    for (String group : groups) {
      store.principal(group).filter(g -> g.kind() == PrincipalKind.GROUP).ifPresent(g -> roles.addAll(g.roles()));
    }
    return new Actor(name, roles, groups);
  }

  @Override
  public Me me(Actor actor) {
    Instant now = clock.instant();
    List<Grant> active = store.grants(GrantQuery.activeOf(actor.principal())).stream()
        .filter(g -> g.endsAt().isAfter(now)).toList();
    List<AccessRequest> pending = store.requests(
        new RequestQuery(RequestState.PENDING, actor.principal(), PAGE)).stream()
        .filter(r -> RequestRules.isOpenAt(r, now)).toList();
    return new Me(actor.principal(), actor.roles(), actor.groups(), active, pending);
  }

  @Override
  public Optional<IssuedToken> bootstrapAdmin(String adminName, Optional<String> presetSecret) {
    Optional<String> preset = presetSecret == null ? Optional.empty() : presetSecret;
    preset.ifPresent(s -> {
      if (!s.startsWith(TokenSecrets.TOKEN_PREFIX) || s.length() < TokenSecrets.MIN_PRESET_LENGTH
          || s.length() > 512 || s.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
        throw invalid("bootstrapToken", "must start with jgt_, be at least "
            + TokenSecrets.MIN_PRESET_LENGTH + " printable ASCII characters, and contain no spaces");
      }
    });
    return tx.run(() -> {
      Instant now = clock.instant();
      Names.principal("adminName", adminName);
      if (store.principals().stream().anyMatch(p -> p.roles().contains(Role.ADMIN))) {
        return Optional.<IssuedToken>empty();
      }
      Optional<Principal> existing = store.principal(adminName);
      if (existing.isPresent() && existing.get().kind() != PrincipalKind.USER) {
        throw invalid("adminName", adminName + " is a group");
      }
      Principal admin = existing.map(p -> withRole(p, Role.ADMIN)).orElseGet(() -> new Principal(adminName,
          PrincipalKind.USER, "", "", List.of(), Set.of(Role.ADMIN), PrincipalSource.LOCAL, 0));
      String secret = preset.orElseGet(() -> TokenSecrets.newToken(random));
      String hash = TokenSecrets.hash(secret);
      ChangeSet.Builder changes = ChangeSet.builder().put(admin).event(tx.event(Decision.SYSTEM, now,
          "principal.put", admin, Map.of("kind", "user", "roles", roles(admin.roles()), "bootstrap", "true")));
      Optional<ApiToken> known = store.tokenByHash(hash);
      if (known.isPresent() && (!known.get().principal().equals(adminName) || !known.get().isUsableAt(now))) {
        throw invalid("bootstrapToken", "is already used by another or an unusable API token;"
            + " choose a new one");
      }
      ApiToken token = known.orElseGet(() -> new ApiToken(ids.next(), adminName, "bootstrap", hash, now,
          now.plus(MAX_TOKEN_TTL), false, 0));
      if (known.isEmpty()) {
        changes.put(token).event(tx.event(Decision.SYSTEM, now, "api_token.create", token, tokenDetails(token)));
      }
      CommitResult result = store.commit(changes.build());
      ApiToken stored = known.isPresent() ? token : result.stored(1, ApiToken.class);
      return Optional.of(new IssuedToken(stored, secret));
    });
  }

  private static Principal withRole(Principal p, Role role) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(p.roles());
    roles.add(role);
    return new Principal(p.name(), p.kind(), p.displayName(), p.email(), p.groups(), roles, p.source(),
        p.revision());
  }

  // ----------------------------------------------------------------------------------------------- sweep

  @Override
  public SweepResult sweep() {
    int expired = 0;
    int ended = 0;
    List<AccessRequest> due;
    do {
      due = store.pendingRequestsExpiringBy(clock.instant(), PAGE);
      int before = expired;
      for (AccessRequest r : due) {
        if (expireOne(r.id())) {
          expired++;
        }
      }
      if (expired == before) {
        break; // nothing could be expired (all raced away); try again on the next sweep
      }
    } while (due.size() == PAGE);
    List<Grant> ending;
    do {
      ending = store.activeGrantsEndingBy(clock.instant(), PAGE);
      int before = ended;
      for (Grant g : ending) {
        if (endOne(g.id())) {
          ended++;
        }
      }
      if (ended == before) {
        break;
      }
    } while (ending.size() == PAGE);
    Instant now = clock.instant();
    if (!now.isBefore(nextPurge)) {
      nextPurge = now.plus(PURGE_INTERVAL);
      purgeCredentials();
    }
    return new SweepResult(expired, ended);
  }

  /**
   * Deletes the credentials of grants that ended at least the retention period ago (and of grants that no
   * longer exist), {@value #PURGE_BATCH} per commit, each with a {@code grant_credential.purge} event.
   * A credential is issued only while its grant is active, so one issued within the retention period
   * cannot be due yet: only older ones are looked at.
   *
   * @return how many credentials were deleted
   */
  private int purgeCredentials() {
    Instant cutoff = clock.instant().minus(credentialRetention);
    List<String> candidates = store.list(EntityKind.CREDENTIAL).stream()
        .map(GrantCredential.class::cast)
        .filter(c -> !c.issuedAt().isAfter(cutoff))
        .map(GrantCredential::grantId)
        .toList();
    int purged = 0;
    for (int from = 0; from < candidates.size(); from += PURGE_BATCH) {
      purged += purgeBatch(candidates.subList(from, Math.min(candidates.size(), from + PURGE_BATCH)));
    }
    return purged;
  }

  private int purgeBatch(List<String> grantIds) {
    try {
      return tx.run(() -> {
        Instant now = clock.instant();
        ChangeSet.Builder changes = ChangeSet.builder();
        int count = 0;
        for (String grantId : grantIds) {
          Optional<GrantCredential> credential = store.credential(grantId);
          Optional<Grant> grant = store.grant(grantId);
          if (credential.isEmpty()
              || grant.isPresent() && !GrantRules.credentialRetentionOver(grant.get(), now, credentialRetention)) {
            continue;
          }
          Map<String, String> details = new LinkedHashMap<>();
          details.put("principal", credential.get().principal());
          details.put("retention", DurationText.format(credentialRetention));
          grant.map(Grant::endedAt).ifPresentOrElse(at -> details.put("grantEndedAt", at.toString()),
              () -> details.put("grant", "missing"));
          changes.delete(credential.get())
              .event(tx.event(Decision.SYSTEM, now, "grant_credential.purge", credential.get(), details));
          count++;
        }
        if (count > 0) {
          store.commit(changes.build());
        }
        return count;
      });
    } catch (AccessException e) {
      return 0;
    }
  }

  private boolean expireOne(String requestId) {
    try {
      return tx.run(() -> {
        Instant now = clock.instant();
        Optional<AccessRequest> request = store.request(requestId);
        if (request.isEmpty() || !RequestRules.expire(request.get(), now).isAccepted()) {
          return false;
        }
        AccessRequest expired = require(RequestRules.expire(request.get(), now));
        commitOne(expired, Actor.system(), now, "access_request.expire", Map.of("state", "expired"));
        return true;
      });
    } catch (AccessException e) {
      return false;
    }
  }

  private boolean endOne(String grantId) {
    try {
      return tx.run(() -> {
        Instant now = clock.instant();
        Optional<Grant> grant = store.grant(grantId);
        if (grant.isEmpty() || !GrantRules.endNaturally(grant.get(), now).isAccepted()) {
          return false;
        }
        Grant ended = require(GrantRules.endNaturally(grant.get(), now));
        ChangeSet.Builder changes = ChangeSet.builder();
        endGrant(changes, ended, Decision.SYSTEM, now, "grant.end", Map.of());
        store.commit(changes.build());
        return true;
      });
    } catch (AccessException e) {
      return false;
    }
  }

  // --------------------------------------------------------------------------------------------- helpers

  private static void allow(Actor actor, Operation operation) {
    Objects.requireNonNull(actor, "actor");
    require(Authorization.check(actor, operation));
  }

  private Integration existingIntegration(String name) {
    return store.integration(required("name", name))
        .orElseThrow(() -> notFound("no integration named " + name));
  }

  private AccessFlow existingFlow(String name) {
    return store.flow(required("name", name)).orElseThrow(() -> notFound("no access flow named " + name));
  }

  private AccessRequest visibleRequest(Actor actor, String requestId) {
    AccessRequest request = store.request(required("requestId", requestId))
        .orElseThrow(() -> notFound("no access request " + requestId));
    return require(Authorization.visible(actor, request));
  }

  private Grant visibleGrant(Actor actor, String grantId) {
    Grant grant = store.grant(required("grantId", grantId)).orElseThrow(() -> notFound("no grant " + grantId));
    return require(Authorization.visible(actor, grant));
  }

  private Map<String, String> databaseTags(String integration, String database) {
    return store.resource(Resource.path(integration, database)).map(Resource::tags).orElse(Map.of());
  }

  /** The revision to write over {@code stored}: the client's must be 0 or the stored one. */
  private static long expectRevision(AccessEntity stored, long clientRevision) {
    if (clientRevision != 0 && clientRevision != stored.revision()) {
      throw conflict(stored.entityKind().wireName() + " " + stored.key() + " was changed meanwhile (revision "
          + stored.revision() + ", you sent " + clientRevision + "); read it again and retry");
    }
    return stored.revision();
  }

  private static long expectRevisionIfStored(Optional<? extends AccessEntity> stored, long clientRevision) {
    return stored.map(s -> expectRevision(s, clientRevision)).orElse(0L);
  }

  private <T extends AccessEntity> T commitOne(T entity, Actor actor, Instant now, String action,
      Map<String, String> details) {
    ChangeSet changes = ChangeSet.builder().put(entity)
        .event(tx.event(actor.principal(), now, action, entity, details)).build();
    @SuppressWarnings("unchecked")
    T stored = (T) store.commit(changes).stored(0, entity.getClass());
    return stored;
  }

  private CommitResult deleteOne(AccessEntity stored, Actor actor, Instant now, String action) {
    return store.commit(ChangeSet.builder().delete(stored)
        .event(tx.event(actor.principal(), now, action, stored, Map.of())).build());
  }

  private <T extends AccessEntity> T commitFirst(ChangeSet.Builder changes, Class<T> type) {
    return store.commit(changes.build()).stored(0, type);
  }

  private static Integration stamped(Integration i, Instant createdAt, Instant updatedAt, long revision) {
    return new Integration(i.name(), i.type(), i.location(), i.databases(), i.connector(), i.sslMode(),
        i.caFile(), i.auditEnabled(), i.credentialRotationDays(), i.accessDetails(), i.owners(),
        i.ownerTagKey(), i.permissions(), createdAt, updatedAt, revision);
  }

  private static Map<String, String> integrationDetails(Integration i) {
    return Map.of("type", i.type().wireName(), "databases", String.join(",", i.databases()),
        "connectorAuth", i.connector().auth().wireName(), "sslMode", i.sslMode().wireName());
  }

  private static Map<String, String> flowDetails(AccessFlow f) {
    return Map.of("approval", f.approval() instanceof ApprovalRule.Automatic ? "automatic" : "manual",
        "maxDuration", DurationText.format(f.maxDuration()));
  }

  private static Map<String, String> requestDetails(AccessRequest r) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("kind", r.kind().wireName());
    details.put("requester", r.requester());
    details.put("target", Resource.path(r.integration(), r.database()));
    details.put("permission", r.permission().toString());
    details.put("duration", DurationText.format(r.duration()));
    details.put("flow", r.flow());
    if (!r.extendsGrant().isEmpty()) {
      details.put("extendsGrant", r.extendsGrant());
    }
    return details;
  }

  private static Map<String, String> tokenDetails(ApiToken t) {
    return Map.of("principal", t.principal(), "name", t.name(), "expiresAt", t.expiresAt().toString());
  }

  private static String roles(Set<Role> roles) {
    List<String> names = new ArrayList<>();
    for (Role r : Role.values()) {
      if (roles.contains(r)) {
        names.add(r.wireName());
      }
    }
    return String.join(",", names);
  }

  private static <T> T required(String field, T value) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw invalid(field, "is required");
    }
    return value;
  }

  private static Duration positive(String field, Duration value) {
    required(field, value);
    if (value.isNegative() || value.isZero()) {
      throw invalid(field, "must be positive");
    }
    return value;
  }

  private static AccessException invalid(String field, String message) {
    return new AccessException(RejectionCode.INVALID, field, message);
  }

  private static AccessException conflict(String message) {
    return new AccessException(RejectionCode.CONFLICT, message);
  }

  private static AccessException notFound(String message) {
    return new AccessException(RejectionCode.NOT_FOUND, message);
  }
}
