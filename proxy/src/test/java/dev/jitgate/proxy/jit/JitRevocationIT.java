package dev.jitgate.proxy.jit;

import static dev.jitgate.proxy.jit.JitWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Grants ending while sessions run, end to end: a revoke through the service and a natural end cut the client
 * (FATAL 57P01 naming the grant) and the server backend within the targets — 2 s after the revoke call, 1 s after
 * the end time — measured against {@code pg_stat_activity}; the role is gone afterwards and what it owned
 * survives under the integration's owner role.
 */
@ExtendWith(PostgresExtension.class)
class JitRevocationIT {

  private static final Duration REVOKE_TARGET = Duration.ofSeconds(2);
  private static final Duration NATURAL_END_TARGET = Duration.ofSeconds(1);

  private static JitWorld world;

  @BeforeAll
  static void start(TestPostgres pg) throws Exception {
    world = JitWorld.start(pg);
  }

  @AfterAll
  static void stop() throws Exception {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void aRevokeCutsIdleSessionsAndTheirBackendsWithinTwoSeconds() throws Exception {
    IssuedCredential credential = world.credential(engineer("ivy"), world.database, Permission.READ,
        Duration.ofHours(1));
    Grant grant = credential.grant();
    String role = JitWorld.roleOf(grant);
    try (Connection jdbc = world.connect(credential);
        RawPgClient raw = new RawPgClient("127.0.0.1", world.proxy().address().getPort())) {
      raw.login(grant.principal(), world.path(grant.database()), credential.password());
      assertThat(world.backendsOf(role)).isEqualTo(2);

      long revokedAt = System.nanoTime();
      world.revoke(grant);
      long revokeReturned = System.nanoTime();
      RawPgClient.Message fatal = raw.readUntilError();
      long clientCut = System.nanoTime();
      awaitNoBackends(role, revokedAt, REVOKE_TARGET);
      long backendsGone = System.nanoTime();
      report("revoke, idle", revokedAt, revokeReturned, clientCut, backendsGone);

      assertThat(fatal).as("the idle client got an error before the connection closed").isNotNull();
      assertThat(fatal.severity()).isEqualTo("FATAL");
      assertThat(fatal.sqlState()).isEqualTo("57P01");
      assertThat(fatal.fields().get('M')).contains("access grant " + grant.id()).contains("was revoked")
          .contains("by \"olga\"");
      assertThat(millis(revokedAt, clientCut)).isLessThan(REVOKE_TARGET.toMillis());
      assertThat(raw.closedByServer()).isTrue();

      SQLException next = catchThrowableOfType(SQLException.class, () -> JitWorld.query(jdbc, "SELECT 1"));
      assertThat((Throwable) next).as("the pgjdbc session is over").isNotNull();
      assertThat(jdbc.isValid(1)).isFalse();
    }
    assertRoleDropped(role);
  }

  @Test
  void aRevokeStopsARunningQueryAndItsBackendWithinTwoSeconds() throws Exception {
    IssuedCredential credential = world.credential(engineer("jonas"), world.database, Permission.READ,
        Duration.ofHours(1));
    Grant grant = credential.grant();
    String role = JitWorld.roleOf(grant);
    try (Connection c = world.connect(credential)) {
      CompletableFuture<Interrupted> query = sleepInBackground(c);
      await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(role) == 1);

      long revokedAt = System.nanoTime();
      world.revoke(grant);
      long revokeReturned = System.nanoTime();
      Interrupted interrupted = query.get(30, TimeUnit.SECONDS);
      PSQLException error = interrupted.error();
      long clientCut = interrupted.at();
      awaitNoBackends(role, revokedAt, REVOKE_TARGET);
      long backendsGone = System.nanoTime();
      report("revoke, pg_sleep(600) running", revokedAt, revokeReturned, clientCut, backendsGone);

      ServerErrorMessage fatal = error.getServerErrorMessage();
      assertThat(fatal).as(error.toString()).isNotNull();
      assertThat(fatal.getSeverity()).isEqualTo("FATAL");
      assertThat(fatal.getSQLState()).isEqualTo("57P01");
      assertThat(fatal.getMessage()).contains("access grant " + grant.id()).contains("was revoked");
      assertThat(millis(revokedAt, clientCut)).isLessThan(REVOKE_TARGET.toMillis());
    }
    assertRoleDropped(role);
  }

  @Test
  void aNaturalEndCutsTheSessionWithinOneSecondAndLaterLoginsAreToldTheGrantEnded() throws Exception {
    IssuedCredential credential = world.credential(engineer("kim"), world.database, Permission.READ,
        Duration.ofSeconds(4));
    Grant grant = credential.grant();
    String role = JitWorld.roleOf(grant);
    Instant endsAt = grant.endsAt();
    try (Connection c = world.connect(credential)) {
      CompletableFuture<Interrupted> query = sleepInBackground(c);
      await().atMost(Duration.ofSeconds(3)).until(() -> sleeping(role) == 1);

      Interrupted interrupted = query.get(30, TimeUnit.SECONDS);
      PSQLException error = interrupted.error();
      long clientCut = interrupted.at();
      long endNanos = nanosOf(endsAt);
      awaitNoBackends(role, endNanos, NATURAL_END_TARGET);
      long backendsGone = System.nanoTime();
      System.out.printf("[jit timing] natural end: client cut %+d ms after endsAt, backend gone %+d ms after"
          + " endsAt%n", millis(endNanos, clientCut), millis(endNanos, backendsGone));

      ServerErrorMessage fatal = error.getServerErrorMessage();
      assertThat(fatal).as(error.toString()).isNotNull();
      assertThat(fatal.getSQLState()).isEqualTo("57P01");
      assertThat(fatal.getMessage()).contains("access grant " + grant.id()).contains("ended at");
      assertThat(millis(endNanos, clientCut)).isBetween(-100L, NATURAL_END_TARGET.toMillis());
    }
    assertRoleDropped(role);

    PSQLException again = catchThrowableOfType(PSQLException.class, () -> world.connect(credential).close());
    assertThat((Throwable) again).isNotNull();
    ServerErrorMessage expired = again.getServerErrorMessage();
    assertThat(expired.getSQLState()).isEqualTo("28000");
    assertThat(expired.getMessage()).contains("access grant " + grant.id()).contains("ended at");
    assertThat(expired.getHint()).contains("jitgate request " + world.path(world.database));
  }

  @Test
  void whatARevokedRoleOwnedSurvivesUnderTheOwnerRole() throws Exception {
    IssuedCredential credential = world.credential(engineer("lena"), world.database, Permission.ADMIN,
        Duration.ofHours(1));
    Grant grant = credential.grant();
    String role = JitWorld.roleOf(grant);
    try (Connection c = world.connect(credential)) {
      JitWorld.exec(c, "CREATE TABLE lena_made (id int PRIMARY KEY, note text)");
      JitWorld.exec(c, "INSERT INTO lena_made VALUES (1, 'kept')");
      JitWorld.exec(c, "CREATE SEQUENCE lena_seq");
      assertThat(JitWorld.query(c, "SELECT tableowner FROM pg_tables WHERE tablename = 'lena_made'")).isEqualTo(role);
    }

    world.revoke(grant);

    await().atMost(Duration.ofSeconds(10)).until(() -> !world.roleExists(role));
    try (Connection su = world.superuser(world.database)) {
      assertThat(JitWorld.query(su, "SELECT tableowner FROM pg_tables WHERE tablename = 'lena_made'"))
          .isEqualTo(world.names.owner());
      assertThat(JitWorld.query(su, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'lena_seq'"))
          .isEqualTo(world.names.owner());
      assertThat(JitWorld.query(su, "SELECT note FROM lena_made WHERE id = 1")).isEqualTo("kept");
    }
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** How a background query ended: when ({@link System#nanoTime()}) and with which error. */
  private record Interrupted(long at, PSQLException error) {}

  /** Runs {@code SELECT pg_sleep(600)} on {@code c} in the background. */
  private static CompletableFuture<Interrupted> sleepInBackground(Connection c) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        JitWorld.exec(c, "SELECT pg_sleep(600) /* jit-sleep */");
        throw new AssertionError("pg_sleep(600) was not interrupted");
      } catch (PSQLException e) {
        return new Interrupted(System.nanoTime(), e);
      } catch (SQLException e) {
        throw new AssertionError("not a PSQLException", e);
      }
    });
  }

  private static int sleeping(String role) throws SQLException {
    return Integer.parseInt(world.query("SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND state = 'active'"
        + " AND query LIKE '%jit-sleep%'", role));
  }

  /** Waits until {@code role} has no backend, failing when that takes longer than {@code target} after {@code since}. */
  private static void awaitNoBackends(String role, long since, Duration target) {
    long left = target.toNanos() - (System.nanoTime() - since);
    await().pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO)
        .atMost(Duration.ofNanos(Math.max(left, 1)))
        .until(() -> world.backendsOf(role) == 0);
  }

  private static void assertRoleDropped(String role) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !world.canLogIn(role));
    await().atMost(Duration.ofSeconds(10)).until(() -> !world.roleExists(role));
  }

  private static long nanosOf(Instant instant) {
    return System.nanoTime() + Duration.between(Instant.now(), instant).toNanos();
  }

  private static long millis(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }

  private static void report(String what, long revokedAt, long revokeReturned, long clientCut, long backendsGone) {
    System.out.printf("[jit timing] %s: revoke call %d ms, client cut %d ms, backend gone %d ms after the call%n",
        what, millis(revokedAt, revokeReturned), millis(revokedAt, clientCut), millis(revokedAt, backendsGone));
  }
}
