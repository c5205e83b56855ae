package dev.jitgate.access.service;

import dev.jitgate.access.testing.MutableClock;
import dev.jitgate.access.ids.SequentialIdGenerator;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import dev.jitgate.access.probe.IntegrationProbe;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.OutboxEntry;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link DefaultAccessService} over a fresh SQLite file under {@code target/}, with a hand-moved clock
 * and a seeded world: integration {@code prod} (orders, billing; owners group:prod-owners; owner tag
 * {@code owner}), users alice and dave (requesters, group eng), bob and carol (group dba, approver role
 * through the group), olga (in prod-owners), audrey (auditor), root (admin).
 */
final class ServiceHarness implements AutoCloseable {
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final Actor ROOT = new Actor("root", Set.of(Role.ADMIN), Set.of());

  final MutableClock clock = new MutableClock(START);
  final AccessStore store;
  final DefaultAccessService service;
  final AtomicReference<String> probedPassword = new AtomicReference<>();

  ServiceHarness() {
    this(store -> store);
  }

  ServiceHarness(java.util.function.UnaryOperator<AccessStore> wrap) {
    Path file = Path.of("target", "service-tests", UUID.randomUUID() + ".db");
    this.store = wrap.apply(SqliteAccessStore.open(file));
    IntegrationProbe probe = (integration, password) -> {
      probedPassword.set(password.reveal());
      return new IntegrationTestReport(integration.name(), true, "17.0",
          List.of(new IntegrationTestReport.Check("connect", true, "stub")));
    };
    this.service = new DefaultAccessService(store, clock, new SequentialIdGenerator(),
        new DefaultSecretResolver(Map.of("PROD_PW", "connector-pw-123")), probe, new SecureRandom());
  }

  ServiceHarness seeded() {
    service.createIntegration(ROOT, integration("prod"));
    for (Principal p : List.of(
        user("alice", Set.of(Role.REQUESTER), "eng"),
        user("dave", Set.of(Role.REQUESTER), "eng"),
        user("bob", Set.of(), "dba"),
        user("carol", Set.of(), "dba"),
        user("olga", Set.of(Role.APPROVER), "prod-owners"),
        user("audrey", Set.of(Role.AUDITOR)),
        user("root", Set.of(Role.ADMIN)),
        group("dba", Role.APPROVER),
        group("eng"),
        group("prod-owners"))) {
      service.putPrincipal(ROOT, p);
    }
    return this;
  }

  static Integration integration(String name) {
    return new Integration(name, null, new DatabaseLocation.HostPort("db.internal", 5432),
        List.of("orders", "billing"), new Connector("jitgate", ConnectorAuthType.PASSWORD,
            SecretRef.of("env:PROD_PW")), SslMode.VERIFY_FULL, "", true, 0, "",
        List.of(PrincipalRef.group("prod-owners")), "owner", List.of(Permission.READ, Permission.WRITE),
        null, null, 0);
  }

  static Principal user(String name, Set<Role> roles, String... groups) {
    return new Principal(name, PrincipalKind.USER, "", "", List.of(groups), roles, PrincipalSource.LOCAL, 0);
  }

  static Principal group(String name, Role... roles) {
    return new Principal(name, PrincipalKind.GROUP, "", "", List.of(), Set.of(roles), PrincipalSource.LOCAL, 0);
  }

  static AccessFlow flow(String name, ApprovalRule approval, Duration max, boolean justification) {
    return new AccessFlow(name, "", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*")), List.of(Permission.READ, Permission.WRITE), max,
        justification, approval, Duration.ofHours(1), 0);
  }

  AccessFlow automaticFlow() {
    return service.createFlow(ROOT, flow("auto", new ApprovalRule.Automatic(), Duration.ofHours(4), false));
  }

  AccessFlow manualFlow(int minApprovals) {
    return service.createFlow(ROOT, flow("manual",
        new ApprovalRule.Manual(false, List.of(PrincipalRef.group("dba")), minApprovals),
        Duration.ofHours(4), false));
  }

  /** The actor a user authenticates as (roles of its groups included). */
  Actor actor(String name) {
    return service.actorFor(name, Set.of());
  }

  NewAccessRequest ask(String database, Duration duration) {
    return new NewAccessRequest("prod", database, Permission.READ, duration, "OPS-1");
  }

  List<AdminEvent> events() {
    return store.outbox(0, 10_000).stream().map(OutboxEntry::event).toList();
  }

  List<String> actions() {
    return events().stream().map(AdminEvent::action).toList();
  }

  @Override
  public void close() {
    store.close();
  }
}
