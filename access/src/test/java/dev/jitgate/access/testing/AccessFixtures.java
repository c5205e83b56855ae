package dev.jitgate.access.testing;

import dev.jitgate.access.model.AccessEntity;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.ApiToken;
import dev.jitgate.access.model.Approval;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.IntegrationType;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.RequestKind;
import dev.jitgate.access.model.RequestState;
import dev.jitgate.access.model.Resource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Realistic control-plane records for tests: every field filled the way the service would fill it,
 * at revision 0 (never stored). Instants carry nanoseconds so that round trips prove full precision.
 * Each method returns new records; ids are random unless given.
 */
public final class AccessFixtures {
  /** A fixed point in time the fixtures are built around. */
  public static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456789Z");
  /** A SCRAM-SHA-256 verifier in the stored format (not of any real password). */
  public static final String VERIFIER =
      "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0$c3RvcmVka2V5c3RvcmVka2V5c3RvcmVka2V5c3Q=:"
          + "c2VydmVya2V5c2VydmVya2V5c2VydmVya2V5c2U=";

  private AccessFixtures() {}

  /** A random id in the UUID text form the service uses. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** {@code T0} plus {@code minutes}. */
  public static Instant at(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  /** A host:port integration with two databases, a password connector and named owners. */
  public static Integration integration(String name) {
    return new Integration(name, IntegrationType.POSTGRESQL,
        new DatabaseLocation.HostPort(name + ".db.internal", 5432), List.of("orders", "billing"),
        new Connector("jitgate_admin", ConnectorAuthType.PASSWORD, SecretRef.of("env:JITGATE_PG_" + name.length())),
        SslMode.VERIFY_FULL, "/etc/jitgate/ca.pem", true, 30, "Ask #db-access for help.",
        List.of(PrincipalRef.group("dba"), PrincipalRef.user("olga")), "owner",
        List.of(Permission.READ, Permission.WRITE, Permission.of("analytics_ro")), T0, at(5), 0);
  }

  /** An RDS integration with IAM authentication and defaults elsewhere. */
  public static Integration rdsIntegration(String name) {
    return new Integration(name, IntegrationType.POSTGRESQL,
        new DatabaseLocation.RdsInstance("eu-west-1", "prod-" + name), List.of("app"),
        new Connector("jitgate", ConnectorAuthType.IAM, null), SslMode.REQUIRE, "", false, 0, "",
        List.of(), "", List.of(Permission.READ), T0, T0, 0);
  }

  /** A database resource owned by {@code payments-team}. */
  public static Resource resource(String integration, String database) {
    return new Resource(integration, database, "", "",
        Map.of("owner", "payments-team", "env", "prod"), 0);
  }

  /** A table resource. */
  public static Resource tableResource(String integration, String database, String schema, String table) {
    return new Resource(integration, database, schema, table, Map.of("pii", "true"), 0);
  }

  /** A local user in {@code groups} with the requester role. */
  public static Principal user(String name, String... groups) {
    return new Principal(name, PrincipalKind.USER, "User " + name, "user@example.com", List.of(groups),
        Set.of(Role.REQUESTER), PrincipalSource.LOCAL, 0);
  }

  /** A group with the approver role, learned from OIDC. */
  public static Principal group(String name) {
    return new Principal(name, PrincipalKind.GROUP, "Group " + name, "", List.of(),
        Set.of(Role.APPROVER, Role.AUDITOR), PrincipalSource.OIDC, 0);
  }

  /** A flow with manual approval by resource owners and the dba group. */
  public static AccessFlow flow(String name, String integration) {
    return new AccessFlow(name, "Production read access", List.of(PrincipalRef.group("engineers"),
        PrincipalRef.user("alice")),
        List.of(new ResourceSelector.ByPath(integration, "*"), new ResourceSelector.ByTag("env", "prod")),
        List.of(Permission.READ, Permission.WRITE), Duration.ofHours(8), true,
        new ApprovalRule.Manual(true, List.of(PrincipalRef.group("dba")), 2), Duration.ofHours(12), 0);
  }

  /** A flow with automatic approval. */
  public static AccessFlow automaticFlow(String name, String integration) {
    return new AccessFlow(name, "", List.of(PrincipalRef.group("oncall")),
        List.of(new ResourceSelector.ByPath(integration, "orders")), List.of(Permission.READ),
        Duration.ofMinutes(90), false, new ApprovalRule.Automatic(), null, 0);
  }

  /**
   * A request by {@code requester} in {@code state}, made at {@code createdAt}; final states carry a
   * decision, approved ones an approval and a grant id.
   */
  public static AccessRequest request(String id, String requester, RequestState state, Instant createdAt) {
    Decision decision = state == RequestState.PENDING
        ? null
        : new Decision(state == RequestState.EXPIRED ? Decision.SYSTEM : "olga", createdAt.plusSeconds(60),
            "ok");
    List<Approval> approvals = state == RequestState.APPROVED
        ? List.of(new Approval("olga", createdAt.plusSeconds(30), "looks fine"))
        : List.of();
    String grantId = state == RequestState.APPROVED ? "grant-of-" + id : "";
    return new AccessRequest(id, RequestKind.NEW, requester, "prod", "orders", Permission.READ,
        Duration.ofHours(2), "Investigating ticket OPS-1234", "prod-read", "", state, createdAt,
        createdAt.plus(Duration.ofHours(12)), approvals, decision, grantId, 0);
  }

  /** A pending request to extend {@code grantId} by one hour. */
  public static AccessRequest extensionRequest(String id, String requester, String grantId, Instant createdAt) {
    return new AccessRequest(id, RequestKind.EXTENSION, requester, "prod", "billing", Permission.WRITE,
        Duration.ofHours(1), "", "prod-read", grantId, RequestState.PENDING, createdAt,
        createdAt.plus(Duration.ofHours(1)), List.of(), null, "", 0);
  }

  /** A two-hour grant on {@code integration/database} starting at {@code startsAt}, ended unless active. */
  public static Grant grant(String id, String principal, String integration, String database,
      GrantState state, Instant startsAt) {
    Instant endsAt = startsAt.plus(Duration.ofHours(2));
    return switch (state) {
      case ACTIVE -> new Grant(id, principal, integration, database, Permission.READ, "request-" + id,
          startsAt, endsAt, state, null, "", null, "", 0);
      case ENDED -> new Grant(id, principal, integration, database, Permission.READ, "request-" + id,
          startsAt, endsAt, state, endsAt, Decision.SYSTEM, EndReason.EXPIRED, "", 0);
      case REVOKED -> new Grant(id, principal, integration, database, Permission.WRITE, "request-" + id,
          startsAt, endsAt, state, startsAt.plusSeconds(600), "olga", EndReason.REVOKED, "", 0);
    };
  }

  /** A grant of {@code principal} on prod/orders. */
  public static Grant grant(String id, String principal, GrantState state, Instant startsAt) {
    return grant(id, principal, "prod", "orders", state, startsAt);
  }

  /** A grant that was superseded by {@code successor}. */
  public static Grant supersededGrant(String id, String principal, String successor) {
    return new Grant(id, principal, "prod", "orders", Permission.READ, "", T0, at(120), GrantState.ENDED,
        at(30), Decision.SYSTEM, EndReason.SUPERSEDED, successor, 0);
  }

  /** The credential of {@code grantId}. */
  public static GrantCredential credential(String grantId, String principal) {
    return new GrantCredential(grantId, principal, VERIFIER, at(1), 0);
  }

  /** An API token whose hash is {@link #sha256Hex} of {@code tokenText}. */
  public static ApiToken token(String id, String principal, String tokenText) {
    return new ApiToken(id, principal, "ci-bot", sha256Hex(tokenText), T0, at(60 * 24 * 90), false, 0);
  }

  /** An admin event about {@code targetKind/targetId}. */
  public static AdminEvent event(String action, String targetKind, String targetId) {
    return new AdminEvent(newId(), T0, "olga", action, targetKind, targetId,
        Map.of("state", "approved", "note", "quotes ' \" and ünïcödé"));
  }

  /** One record of every entity kind, all related: integration prod, its resource, users, flow... */
  public static List<AccessEntity> oneOfEachKind() {
    String grantId = newId();
    return List.of(
        integration("prod"),
        resource("prod", "orders"),
        user("alice", "engineers"),
        flow("prod-read", "prod"),
        request(newId(), "alice", RequestState.APPROVED, T0),
        grant(grantId, "alice", GrantState.ACTIVE, T0),
        credential(grantId, "alice"),
        token(newId(), "alice", "jgt_" + newId()));
  }

  /** Further shapes of each kind: optional fields empty or set, other variants of sealed types. */
  public static List<AccessEntity> variants() {
    return List.of(
        rdsIntegration("analytics"),
        tableResource("prod", "orders", "public", "customers"),
        group("dba"),
        automaticFlow("oncall-read", "prod"),
        request(newId(), "bob", RequestState.PENDING, at(3)),
        request(newId(), "bob", RequestState.EXPIRED, at(4)),
        extensionRequest(newId(), "alice", newId(), at(5)),
        grant(newId(), "bob", GrantState.REVOKED, at(6)),
        grant(newId(), "bob", GrantState.ENDED, at(7)),
        supersededGrant(newId(), "carol", newId()),
        new ApiToken(newId(), "carol", "", sha256Hex("revoked"), T0, at(10), true, 0));
  }

  /** Lower-case hex SHA-256 of {@code text} (UTF-8), as API token hashes are stored. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
