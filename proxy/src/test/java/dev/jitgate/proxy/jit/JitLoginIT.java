package dev.jitgate.proxy.jit;

import static dev.jitgate.proxy.jit.JitWorld.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.Permission;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.IssuedCredential;
import dev.jitgate.pg.scram.ScramClient;
import dev.jitgate.proxy.JitProxy;
import dev.jitgate.proxy.testing.PgClientTools;
import dev.jitgate.proxy.testing.PostgresExtension;
import dev.jitgate.proxy.testing.RawPgClient;
import dev.jitgate.proxy.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Logging in through the just-in-time proxy with grant credentials, end to end: pgjdbc and psql against the real
 * server, admitted as the grant's short-lived role or refused with a FATAL error that says how to get access.
 */
@ExtendWith(PostgresExtension.class)
class JitLoginIT {

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

  @ParameterizedTest
  @ValueSource(strings = {"preferQueryMode=simple", "prepareThreshold=1"})
  void pgjdbcConnectsWithAGrantAsTheGrantsRole(String mode) throws Exception {
    IssuedCredential credential = world.credential(engineer("alice-" + mode.length()), world.database,
        Permission.READ, Duration.ofHours(1));
    try (Connection c = java.sql.DriverManager.getConnection(world.jdbcUrl(world.path(world.database)) + "&" + mode,
        credential.grant().principal(), credential.password())) {
      assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(JitWorld.roleOf(credential.grant()))
          .startsWith("jit_alice_");
      try (PreparedStatement ps = c.prepareStatement("SELECT string_agg(name, ',' ORDER BY id) FROM items"
          + " WHERE id > ?")) {
        for (int i = 0; i < 3; i++) { // crosses prepareThreshold: a named server-side statement
          ps.setInt(1, 0);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("apple,pear");
          }
        }
      }
      assertThat(JitWorld.query(c, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
          .as("the proxy reaches the server over TLS").isEqualTo("true");
    }
  }

  @Test
  void psqlConnectsWithAGrantAndAPlainDatabaseNameWhenItIsUnambiguous() throws Exception {
    IssuedCredential world1 = world.credential(engineer("bruno"), world.database, Permission.READ,
        Duration.ofHours(1));
    IssuedCredential app = world.credential(engineer("bruno"), TestPostgres.APP_DATABASE, Permission.READ,
        Duration.ofHours(1));

    PgClientTools.Result full = psql(world1, world.path(world.database),
        "SELECT current_user, current_database(), count(*) FROM items");
    assertThat(full.exitCode()).as(full.stderr()).isZero();
    assertThat(full.stdout().strip()).isEqualTo(JitWorld.roleOf(world1.grant()) + "|" + world.database + "|2");

    PgClientTools.Result plain = psql(app, TestPostgres.APP_DATABASE, "SELECT current_user, current_database()");
    assertThat(plain.exitCode()).as(plain.stderr()).isZero();
    assertThat(plain.stdout().strip()).isEqualTo(JitWorld.roleOf(app.grant()) + "|" + TestPostgres.APP_DATABASE);
  }

  @Test
  void aCredentialIssuedAMomentAgoWorksAtOnceEvenWhenTheProxyLearnsOfItLate() throws Exception {
    try (JitProxy lagging = world.startProxy(new SimpleMeterRegistry(),
        new LaggingFeedStore(world.store, Duration.ofSeconds(1)))) {
      for (int i = 0; i < 3; i++) { // jitgate connect: fetch the credential, run psql right away
        IssuedCredential credential = world.credential(engineer("quick-" + i), world.database, Permission.READ,
            Duration.ofHours(1));
        try (Connection c = world.connect(lagging, credential)) {
          assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(JitWorld.roleOf(credential.grant()));
        }
      }
    }
  }

  @Test
  void aReplacedCredentialWorksAtOnceEvenWhenTheProxyLearnsOfItLate() throws Exception {
    try (JitProxy lagging = world.startProxy(new SimpleMeterRegistry(),
        new LaggingFeedStore(world.store, Duration.ofSeconds(1)))) {
      Actor engineer = engineer("rotating");
      IssuedCredential first = world.credential(engineer, world.database, Permission.READ, Duration.ofHours(1));
      try (Connection c = world.connect(lagging, first)) {
        assertThat(JitWorld.query(c, "SELECT 1")).isEqualTo("1");
      }
      for (int i = 0; i < 3; i++) { // jitgate connect replaces the grant's credential each time, then runs psql
        IssuedCredential replaced = world.service.issueCredential(engineer, first.grant().id());
        try (Connection c = world.connect(lagging, replaced)) {
          assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(JitWorld.roleOf(first.grant()));
        }
      }
    }
  }

  @Test
  void aUserWithoutAnyGrantAndAWrongPasswordGetTheSameRefusalWhichNamesTheFix() throws Exception {
    IssuedCredential credential = world.credential(engineer("carla"), world.database, Permission.READ,
        Duration.ofHours(1));
    String target = world.path(world.database);

    ServerErrorMessage unknown = refusal(() -> world.connect("nobody", target, credential.password()).close());
    ServerErrorMessage wrong = refusal(() -> world.connect("carla", target, credential.password() + "x").close());

    assertThat(unknown.getSQLState()).isEqualTo("28P01");
    assertThat(wrong.getSQLState()).isEqualTo("28P01");
    assertThat(unknown.getSeverity()).isEqualTo("FATAL");
    assertThat(unknown.getMessage()).isEqualTo("password authentication failed for user \"nobody\"");
    assertThat(wrong.getMessage()).isEqualTo("password authentication failed for user \"carla\"");
    assertThat(unknown.getHint()).as("the same hint, so nothing tells a user without grants apart")
        .isEqualTo(wrong.getHint());
    assertThat(unknown.getHint()).contains("jitgate request " + target);
  }

  @Test
  void aGrantForAnotherDatabaseDoesNotAdmitAndTheRefusalNamesTheRequestToMake() throws Exception {
    IssuedCredential credential = world.credential(engineer("dmitri"), world.database, Permission.READ,
        Duration.ofHours(1));
    String other = world.path(TestPostgres.APP_DATABASE);

    ServerErrorMessage refused = refusal(() -> world.connect("dmitri", other, credential.password()).close());

    assertThat(refused.getSQLState()).isEqualTo("28000");
    assertThat(refused.getSeverity()).isEqualTo("FATAL");
    assertThat(refused.getMessage()).contains("no active access grant for user \"dmitri\" on " + other);
    assertThat(refused.getHint()).contains("jitgate request " + other + " --permission read");
    assertThat(world.roleExists(JitWorld.roleOf(credential.grant())))
        .as("nothing was provisioned for a refused login").isFalse();
  }

  @Test
  void aReadGrantCannotWriteAndAWriteGrantCan() throws Exception {
    IssuedCredential read = world.credential(engineer("erin"), world.database, Permission.READ, Duration.ofHours(1));
    IssuedCredential write = world.credential(engineer("farid"), world.database, Permission.WRITE,
        Duration.ofHours(1));

    try (Connection c = world.connect(read)) {
      assertThat(JitWorld.query(c, "SELECT count(*) FROM items")).isNotNull();
      SQLException denied = catchThrowableOfType(SQLException.class,
          () -> JitWorld.exec(c, "INSERT INTO items (name) VALUES ('from read')"));
      assertThat((Throwable) denied).isNotNull();
      assertThat(denied.getSQLState()).isEqualTo("42501");
      assertThat(denied.getMessage()).contains("permission denied for table items");
    }
    try (Connection c = world.connect(write)) {
      JitWorld.exec(c, "INSERT INTO items (name) VALUES ('from write')");
      assertThat(JitWorld.query(c, "SELECT count(*) FROM items WHERE name = 'from write'")).isEqualTo("1");
      JitWorld.exec(c, "DELETE FROM items WHERE name = 'from write'");
      SQLException noDdl = catchThrowableOfType(SQLException.class,
          () -> JitWorld.exec(c, "CREATE TABLE write_made (id int)"));
      assertThat((Throwable) noDdl).as("write is not admin").isNotNull();
      assertThat(noDdl.getSQLState()).isEqualTo("42501");
    }
  }

  @Test
  void tenParallelFirstConnectionsOfOneGrantAllSucceed() throws Exception {
    IssuedCredential credential = world.credential(engineer("gui-client"), world.database, Permission.READ,
        Duration.ofHours(1));
    int n = 10;
    CyclicBarrier start = new CyclicBarrier(n);
    CountDownLatch allConnected = new CountDownLatch(n);
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      List<CompletableFuture<String>> users = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        users.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await(10, TimeUnit.SECONDS);
            try (Connection c = world.connect(credential)) {
              allConnected.countDown();
              allConnected.await(30, TimeUnit.SECONDS); // all ten at once, at the role's connection limit
              return JitWorld.query(c, "SELECT current_user");
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, threads));
      }
      CompletableFuture.allOf(users.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(users).extracting(CompletableFuture::join).hasSize(n)
          .containsOnly(JitWorld.roleOf(credential.grant()));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void principalNamesWithQuotesSpacesAndUnicodeConnect() throws Exception {
    for (String name : List.of("o'brien \"ob\"", "Jane Q. Doe", "zoë-日本-🦊", "robert'); DROP ROLE x; --")) {
      IssuedCredential credential = world.credential(engineer(name), world.database, Permission.READ,
          Duration.ofHours(1));
      String role = JitWorld.roleOf(credential.grant());
      assertThat(role).matches("jit_[a-z0-9_]+").hasSizeLessThanOrEqualTo(63);
      try (Connection c = world.connect(credential)) {
        assertThat(JitWorld.query(c, "SELECT current_user")).as(name).isEqualTo(role);
        assertThat(JitWorld.query(c, "SELECT current_setting('application_name')")).isEqualTo("jit-it");
      }
    }
    IssuedCredential quoted = world.credential(engineer("q'uote d"), world.database, Permission.READ,
        Duration.ofHours(1));
    PgClientTools.Result r = psql(quoted, world.path(world.database), "SELECT current_user");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().strip()).isEqualTo(JitWorld.roleOf(quoted.grant()));
  }

  @Test
  void invalidUtf8InTheStartupUserIsRejectedLikeAnUnknownUser() throws Exception {
    IssuedCredential zoe = world.credential(engineer("zoë"), world.database, Permission.READ, Duration.ofHours(1));
    byte[] zoeBytes = "zoë".getBytes(StandardCharsets.UTF_8);
    byte[] truncated = Arrays.copyOf(zoeBytes, zoeBytes.length - 1); // "zo" + a lone lead byte of ë
    byte[] garbage = {'e', 'n', 'g', (byte) 0xFF, (byte) 0xFE, (byte) 0xC0, (byte) 0x80};
    for (byte[] user : List.of(truncated, garbage)) {
      try (RawPgClient client = new RawPgClient("127.0.0.1", world.proxy().address().getPort())) {
        RawPgClient.Message error = scramWithRawUser(client, user, world.path(world.database), zoe.password());
        assertThat(error.type()).isEqualTo('E');
        assertThat(error.sqlState()).isEqualTo("28P01");
        assertThat(error.severity()).isEqualTo("FATAL");
        assertThat(error.fields().get('M')).startsWith("password authentication failed for user \"");
        assertThat(client.closedByServer()).isTrue();
      }
    }
    try (Connection c = world.connect(zoe)) {
      assertThat(JitWorld.query(c, "SELECT current_user")).isEqualTo(JitWorld.roleOf(zoe.grant()));
    }
  }

  @Test
  void theServerLogHoldsNeitherTheRolePasswordNorTheCredentialOnlyScramVerifiers() throws Exception {
    IssuedCredential credential = world.credential(engineer("logan"), world.database, Permission.READ,
        Duration.ofHours(1));
    try (Connection c = world.connect(credential)) {
      assertThat(JitWorld.query(c, "SELECT 1")).isEqualTo("1");
    }
    String role = JitWorld.roleOf(credential.grant());
    String rolePassword = world.proxy().connectors().forIntegration(world.integration).orElseThrow()
        .roleFor(credential.grant()).password().value();
    assertThat(rolePassword).hasSizeGreaterThanOrEqualTo(32);

    await().atMost(Duration.ofSeconds(5)).until(() -> serverLog().contains(role));
    String log = serverLog();
    List<String> passwordStatements = log.lines()
        .filter(l -> l.contains(role) && l.contains(" PASSWORD "))
        .toList();
    assertThat(passwordStatements).as("log_statement=all logged the provisioning").isNotEmpty()
        .allSatisfy(l -> assertThat(l).containsPattern(" PASSWORD ('SCRAM-SHA-256\\$4096:|NULL)"));
    assertThat(log).doesNotContain(rolePassword).doesNotContain(credential.password());
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static PgClientTools.Result psql(IssuedCredential credential, String dbParameter, String sql)
      throws Exception {
    return PgClientTools.run("psql", world.libpqEnv(credential.grant().principal(), dbParameter,
        credential.password()), List.of("-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql), 60);
  }

  private static ServerErrorMessage refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable login) {
    PSQLException e = catchThrowableOfType(PSQLException.class, login);
    assertThat((Throwable) e).as("the login was refused").isNotNull();
    assertThat(e.getServerErrorMessage()).as(e.toString()).isNotNull();
    return e.getServerErrorMessage();
  }

  private static String serverLog() throws java.io.IOException {
    // ISO-8859-1: other tests may have logged any bytes; the searched texts are ASCII.
    return Files.readString(world.pg.logFile(), StandardCharsets.ISO_8859_1);
  }

  /** A plaintext startup whose user is {@code user} as raw bytes, then SCRAM with {@code password}. */
  private static RawPgClient.Message scramWithRawUser(RawPgClient client, byte[] user, String database,
      String password) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(RawPgClient.cstring("user"));
    body.writeBytes(user);
    body.write(0);
    body.writeBytes(RawPgClient.cstring("database"));
    body.writeBytes(RawPgClient.cstring(database));
    body.write(0);
    byte[] b = body.toByteArray();
    byte[] startup = new byte[8 + b.length];
    java.nio.ByteBuffer.wrap(startup).putInt(8 + b.length).putInt(3 << 16).put(b);
    client.send(startup);
    RawPgClient.Message sasl = client.read();
    assertThat(sasl.type()).isEqualTo('R');
    ScramClient scram = new ScramClient(password, new SecureRandom(), "SCRAM-SHA-256", null);
    byte[] first = scram.clientFirstMessage();
    ByteArrayOutputStream initial = new ByteArrayOutputStream();
    initial.writeBytes(RawPgClient.cstring("SCRAM-SHA-256"));
    initial.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(first.length).array());
    initial.writeBytes(first);
    client.send(RawPgClient.typed('p', initial.toByteArray()));
    RawPgClient.Message serverFirst = client.read();
    assertThat(serverFirst.type()).isEqualTo('R');
    client.send(RawPgClient.typed('p',
        scram.handleServerFirst(Arrays.copyOfRange(serverFirst.body(), 4, serverFirst.body().length))));
    return client.read();
  }
}
