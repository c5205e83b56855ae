package dev.jitgate.proxy.jit;

import static dev.jitgate.proxy.jit.JitWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.proxy.JitProxy;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two proxies serving one integration from one control plane, as in a highly available deployment: each keeps its
 * own in-memory password for a grant's role, so logins through either must survive the other re-keying the role,
 * and a revoke (which both act on at once) must end every session and drop the role without false alarms.
 */
@ExtendWith(PostgresExtension.class)
class JitTwoProxiesIT {

  private static JitWorld world;
  private static SimpleMeterRegistry secondRegistry;
  private static JitProxy second;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    world = JitWorld.start(pg);
    secondRegistry = new SimpleMeterRegistry();
    second = world.startProxy(secondRegistry);
  }

  @AfterAll
  static void stop() throws Exception {
    if (second != null) {
      second.close();
    }
    if (world != null) {
      world.close();
    }
  }

  @Test
  void oneGrantThroughTwoProxiesInTurns() throws Exception {
    IssuedCredential credential = world.credential(engineer("hannah"), world.database, Permission.READ,
        Duration.ofHours(1));
    String role = JitWorld.roleOf(credential.grant());
    for (JitProxy via : List.of(world.proxy(), second, world.proxy(), second)) {
      try (Connection c = world.connect(via, credential)) {
        assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(role);
      }
    }
  }

  @Test
  void aRevokeEndsTheSessionsOnBothProxiesAndDropsTheRoleOnce() throws Exception {
    IssuedCredential credential = world.credential(engineer("ingo"), world.database, Permission.WRITE,
        Duration.ofHours(1));
    Grant grant = credential.grant();
    String role = JitWorld.roleOf(grant);
    try (RawPgClient first = new RawPgClient("127.0.0.1", world.proxy().address().getPort());
        RawPgClient other = new RawPgClient("127.0.0.1", second.address().getPort())) {
      first.login(grant.principal(), world.path(grant.database()), credential.password());
      other.login(grant.principal(), world.path(grant.database()), credential.password());
      assertThat(world.backendsOf(role)).isEqualTo(2);

      world.revoke(grant);

      for (RawPgClient client : List.of(first, other)) {
        RawPgClient.Message fatal = client.readUntilError();
        assertThat(fatal).isNotNull();
        assertThat(fatal.sqlState()).isEqualTo("57P01");
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !world.roleExists(role));
    for (SimpleMeterRegistry registry : List.of(world.registry(), secondRegistry)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> revocations(registry, "dropped") == 1);
      assertThat(revocations(registry, "disabled")).as("no false alarm").isZero();
      assertThat(revocations(registry, "failed")).as("no false alarm").isZero();
    }
  }

  private static double revocations(SimpleMeterRegistry registry, String outcome) {
    return registry.get("jitgate.proxy.role.revocations").tag("outcome", outcome).counter().count();
  }
}
