package dev.jitgate.access.service;

import dev.jitgate.access.ids.IdGenerator;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.probe.IntegrationProbe;
import dev.jitgate.access.secret.SecretResolver;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.GrantQuery;
import dev.jitgate.access.store.RequestQuery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link AccessService} over an {@link AccessStore}. Every operation authorizes the actor, reads what
 * it needs, applies the pure rules of {@code dev.jitgate.access.rules}, and commits the entity writes with
 * one admin event per action in one change set; when the commit finds a stale revision it re-reads and
 * decides again (up to {@value Transactions#MAX_ATTEMPTS} attempts), then answers CONFLICT.
 *
 * <p>This class only delegates: {@link CatalogOperations}, {@link RequestOperations},
 * {@link GrantOperations}, {@link IdentityOperations} and {@link Housekeeping} do the work over one shared
 * {@link ServiceContext}.
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

  private final CatalogOperations catalog;
  private final RequestOperations requests;
  private final GrantOperations grants;
  private final IdentityOperations identity;
  private final Housekeeping housekeeping;

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
    ServiceContext ctx = new ServiceContext(
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(ids, "ids"),
        new Transactions(ids),
        Objects.requireNonNull(secrets, "secrets"),
        Objects.requireNonNull(probe, "probe"),
        Objects.requireNonNull(random, "random"),
        credentialRetention);
    this.catalog = new CatalogOperations(ctx);
    this.requests = new RequestOperations(ctx);
    this.grants = new GrantOperations(ctx);
    this.identity = new IdentityOperations(ctx);
    this.housekeeping = new Housekeeping(ctx);
  }

  // ------------------------------------------------------------------------------------------- catalog

  @Override
  public List<Integration> integrations(Actor actor) {
    return catalog.integrations(actor);
  }

  @Override
  public Integration integration(Actor actor, String name) {
    return catalog.integration(actor, name);
  }

  @Override
  public Integration createIntegration(Actor actor, Integration integration) {
    return catalog.createIntegration(actor, integration);
  }

  @Override
  public Integration updateIntegration(Actor actor, Integration integration) {
    return catalog.updateIntegration(actor, integration);
  }

  @Override
  public void deleteIntegration(Actor actor, String name) {
    catalog.deleteIntegration(actor, name);
  }

  @Override
  public IntegrationTestReport testIntegration(Actor actor, String name) {
    return catalog.testIntegration(actor, name);
  }

  @Override
  public List<Resource> resources(Actor actor, String integration) {
    return catalog.resources(actor, integration);
  }

  @Override
  public Resource putResource(Actor actor, Resource resource) {
    return catalog.putResource(actor, resource);
  }

  @Override
  public void deleteResource(Actor actor, String path) {
    catalog.deleteResource(actor, path);
  }

  @Override
  public List<Principal> principals(Actor actor) {
    return catalog.principals(actor);
  }

  @Override
  public Principal principal(Actor actor, String name) {
    return catalog.principal(actor, name);
  }

  @Override
  public Principal putPrincipal(Actor actor, Principal principal) {
    return catalog.putPrincipal(actor, principal);
  }

  @Override
  public void deletePrincipal(Actor actor, String name) {
    catalog.deletePrincipal(actor, name);
  }

  @Override
  public List<AccessFlow> flows(Actor actor) {
    return catalog.flows(actor);
  }

  @Override
  public AccessFlow flow(Actor actor, String name) {
    return catalog.flow(actor, name);
  }

  @Override
  public AccessFlow createFlow(Actor actor, AccessFlow flow) {
    return catalog.createFlow(actor, flow);
  }

  @Override
  public AccessFlow updateFlow(Actor actor, AccessFlow flow) {
    return catalog.updateFlow(actor, flow);
  }

  @Override
  public void deleteFlow(Actor actor, String name) {
    catalog.deleteFlow(actor, name);
  }

  // ------------------------------------------------------------------------------------------ requests

  @Override
  public AccessRequest createRequest(Actor actor, NewAccessRequest request) {
    return requests.createRequest(actor, request);
  }

  @Override
  public AccessRequest approve(Actor actor, String requestId, String comment) {
    return requests.approve(actor, requestId, comment);
  }

  @Override
  public AccessRequest deny(Actor actor, String requestId, String comment) {
    return requests.deny(actor, requestId, comment);
  }

  @Override
  public AccessRequest cancel(Actor actor, String requestId) {
    return requests.cancel(actor, requestId);
  }

  @Override
  public List<AccessRequest> requests(Actor actor, RequestQuery query) {
    return requests.requests(actor, query);
  }

  @Override
  public AccessRequest request(Actor actor, String requestId) {
    return requests.request(actor, requestId);
  }

  @Override
  public AccessRequest extend(Actor actor, String grantId, Duration extra, String reason) {
    return requests.extend(actor, grantId, extra, reason);
  }

  // -------------------------------------------------------------------------------------------- grants

  @Override
  public List<Grant> grants(Actor actor, GrantQuery query) {
    return grants.grants(actor, query);
  }

  @Override
  public Grant grant(Actor actor, String grantId) {
    return grants.grant(actor, grantId);
  }

  @Override
  public Grant revoke(Actor actor, String grantId, String reason) {
    return grants.revoke(actor, grantId, reason);
  }

  @Override
  public IssuedCredential issueCredential(Actor actor, String grantId) {
    return grants.issueCredential(actor, grantId);
  }

  // ---------------------------------------------------------------------------------- tokens, actors

  @Override
  public IssuedToken createToken(Actor actor, String principal, String name, Duration ttl) {
    return identity.createToken(actor, principal, name, ttl);
  }

  @Override
  public void revokeToken(Actor actor, String tokenId) {
    identity.revokeToken(actor, tokenId);
  }

  @Override
  public List<ApiToken> tokens(Actor actor, String principal) {
    return identity.tokens(actor, principal);
  }

  @Override
  public Optional<Actor> authenticateToken(String secret) {
    return identity.authenticateToken(secret);
  }

  @Override
  public Actor actorFor(String principal, Set<String> claimGroups) {
    return identity.actorFor(principal, claimGroups);
  }

  @Override
  public Me me(Actor actor) {
    return identity.me(actor);
  }

  @Override
  public Optional<IssuedToken> bootstrapAdmin(String adminName, Optional<String> presetSecret) {
    return identity.bootstrapAdmin(adminName, presetSecret);
  }

  // --------------------------------------------------------------------------------------------- sweep

  @Override
  public SweepResult sweep() {
    return housekeeping.sweep();
  }
}
