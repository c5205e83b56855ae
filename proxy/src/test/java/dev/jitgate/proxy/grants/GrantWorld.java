package dev.jitgate.proxy.grants;

import dev.jitgate.access.ids.UuidV7Generator;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.DefaultAccessService;
import dev.jitgate.access.service.IntegrationTestReport;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.access.service.NewAccessRequest;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.access.testing.AccessFixtures;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A real control plane for directory tests: a fresh SQLite store under {@code target/}, the
 * {@link DefaultAccessService} on it, integrations {@code prod} and {@code staging} (databases orders and
 * billing), an automatic flow for everyone in group {@code eng} (read/write, up to 4h), and a scheduler
 * for end timers.
 */
final class GrantWorld implements AutoCloseable {
  static final Actor ROOT = new Actor("root", Set.of(Role.ADMIN), Set.of());
  static final Actor APPROVER = new Actor("olga", Set.of(Role.APPROVER), Set.of());

  final Clock clock;
  final AccessStore store;
  final DefaultAccessService service;
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("grant-timers-test").factory());

  GrantWorld(Clock clock) {
    this.clock = clock;
    this.store = SqliteAccessStore.open(Path.of("target", "grants-tests", UUID.randomUUID() + ".db"));
    this.service = new DefaultAccessService(store, clock, new UuidV7Generator(clock, new SecureRandom()),
        new DefaultSecretResolver(Map.of()),
        (integration, password) -> new IntegrationTestReport(integration.name(), true, "17", List.of()),
        new SecureRandom());
    service.createIntegration(ROOT, AccessFixtures.integration("prod"));
    service.createIntegration(ROOT, AccessFixtures.integration("staging"));
    service.createFlow(ROOT, new AccessFlow("auto", "", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*"), new ResourceSelector.ByPath("staging", "*")),
        List.of(Permission.READ, Permission.WRITE), Duration.ofHours(4), false, new ApprovalRule.Automatic(),
        Duration.ofHours(1), 0));
  }

  /** A requester in group eng (not stored as a principal: like an OIDC user). */
  static Actor engineer(String name) {
    return new Actor(name, Set.of(Role.REQUESTER), Set.of("eng"));
  }

  /** An automatically approved read grant of {@code who} on {@code integration/database}. */
  Grant grant(Actor who, String integration, String database, Duration duration) {
    AccessRequest r = service.createRequest(who,
        new NewAccessRequest(integration, database, Permission.READ, duration, "test"));
    return service.grant(who, r.grantId());
  }

  /** The grant and its freshly issued credential. */
  IssuedCredential grantWithCredential(Actor who, String integration, String database, Duration duration) {
    return service.issueCredential(who, grant(who, integration, database, duration).id());
  }

  GrantDirectory directory() {
    return directory(store, GrantDirectoryConfig.defaults());
  }

  GrantDirectory directory(AccessStore source, GrantDirectoryConfig config) {
    return GrantDirectory.start(source, clock, scheduler, config);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    store.close();
  }
}
