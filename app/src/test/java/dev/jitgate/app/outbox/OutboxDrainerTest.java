package dev.jitgate.app.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.access.store.AccessStore;
import dev.jitgate.access.store.ChangeSet;
import dev.jitgate.app.config.AuditorTarget;
import dev.jitgate.app.config.StoreConfig;
import dev.jitgate.app.runtime.AccessStores;
import dev.jitgate.audit.event.AdminAction;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainVerifier;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.auditor.http.AuditorServer;
import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.store.SqliteAuditStore;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.proxy.config.Secret;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox drainer against a real SQLite access store and a real auditor (AuditorServer over a SQLite audit
 * store), both under target/: delivery, acknowledgement only after a 2xx, retries while the auditor is down or
 * refuses the token, the hash chain, and the documented at-least-once re-send under a new chain.
 */
class OutboxDrainerTest {

  private static final String TOKEN = "drainer-test-token-42";
  private static final OutboxDrainer.Settings FAST = new OutboxDrainer.Settings(Duration.ofMillis(50), 2,
      Duration.ofMillis(20), Duration.ofMillis(200));

  private final AuditEventJson json = new AuditEventJson();
  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private Path dir;
  private AccessStore access;
  private SqliteAuditStore audit;

  @BeforeEach
  void open() {
    dir = Path.of("target", "outbox-drainer-test", UUID.randomUUID().toString()).toAbsolutePath();
    access = AccessStores.open(new StoreConfig.Sqlite(dir.resolve("jitgate.db")));
    audit = SqliteAuditStore.open(dir.resolve("audit.db"), json);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeLast.reversed()) {
      c.close();
    }
    audit.close();
    access.close();
  }

  private AuditorServer auditor(int port) {
    AuditorServer server = AuditorServer.start(AuditorSettings.of("127.0.0.1", port,
        List.of(AuditorSettings.sha256Hex(TOKEN))), new IngestProcessor(audit, json));
    closeLast.add(server);
    return server;
  }

  private static HttpAuditorSink sink(int port, String token) {
    return new HttpAuditorSink(new AuditorTarget(URI.create("http://127.0.0.1:" + port + "/v1/events"),
        new Secret(token)));
  }

  private OutboxDrainer drain(AccessStore store, AdminEventSink sink) {
    OutboxDrainer drainer = OutboxDrainer.start(store, sink, "test-admin", FAST);
    closeLast.add(drainer);
    return drainer;
  }

  private List<AdminEvent> writeActions(int n) {
    List<AdminEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      AdminEvent event = new AdminEvent(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MICROS),
          "bob", "access_request.approve", "access_request", "req-" + i, Map.of("state", "approved"));
      access.commit(ChangeSet.builder().event(event).build());
      events.add(event);
    }
    return events;
  }

  private List<AuditEvent> stored(String session) {
    List<AuditEvent> events = new ArrayList<>();
    for (StoredEvent e : audit.sessionEvents(session)) {
      events.add(((ParseResult.Ok) json.read(e.line())).event());
    }
    return events;
  }

  @Test
  void deliversEveryActionAsAChainedAdminEventAndAcknowledgesTheOutbox() {
    List<AdminEvent> actions = writeActions(5);
    AuditorServer server = auditor(0);
    OutboxDrainer drainer = drain(access, sink(server.port(), TOKEN));

    await().atMost(Duration.ofSeconds(5)).until(() -> access.outbox(0, 100).isEmpty());
    List<AuditEvent> events = stored(drainer.session());
    assertThat(drainer.session()).startsWith("admin-");
    assertThat(events).hasSize(5);
    assertThat(events).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events).extracting(AuditEvent::type).containsOnly("admin.access_request.approve");
    assertThat(events).extracting(e -> ((AdminAction) e.body()).details().get(AdminEventChain.OUTBOX_ID_DETAIL))
        .containsExactlyElementsOf(actions.stream().map(AdminEvent::id).toList());
    assertThat(events).extracting(e -> ((AdminAction) e.body()).targetId())
        .containsExactly("req-0", "req-1", "req-2", "req-3", "req-4");
    assertThat(events).extracting(e -> e.envelope().principal()).containsOnly("bob");
    assertThat(events).extracting(e -> e.envelope().proxy()).containsOnly("test-admin");
    assertThat(events.getFirst().envelope().time()).isEqualTo(actions.getFirst().time());
    assertThat(new ChainVerifier(json).verify(events)).isEmpty();
    assertThat(audit.alerts(drainer.session())).isEmpty();
    assertThat(drainer.delivered()).isEqualTo(5);
  }

  @Test
  void keepsTheOutboxWhileTheAuditorIsDownAndDeliversOnceItIsBack() throws Exception {
    writeActions(3);
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    OutboxDrainer drainer = drain(access, sink(port, TOKEN));

    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
        .until(() -> access.outbox(0, 100).size() == 3);
    auditor(port);
    writeActions(1);

    await().atMost(Duration.ofSeconds(5)).until(() -> access.outbox(0, 100).isEmpty());
    List<AuditEvent> events = stored(drainer.session());
    assertThat(events).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(new ChainVerifier(json).verify(events)).isEmpty();
    assertThat(audit.alerts(drainer.session())).isEmpty();
  }

  @Test
  void aRefusedTokenIsRetriedNeverDropped() {
    writeActions(2);
    AuditorServer server = auditor(0);
    drain(access, sink(server.port(), "wrong-token"));

    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
        .until(() -> access.outbox(0, 100).size() == 2);
    assertThat(audit.count()).isZero();
  }

  @Test
  void aCrashBeforeTheAcknowledgementResendsUnderANewChain() {
    List<AdminEvent> actions = writeActions(3);
    AuditorServer server = auditor(0);
    AtomicInteger acknowledgements = new AtomicInteger();
    OutboxDrainer first = drain(ackFails(access, acknowledgements), sink(server.port(), TOKEN));
    await().atMost(Duration.ofSeconds(5)).until(() -> acknowledgements.get() >= 3);
    first.close();
    assertThat(access.outbox(0, 100)).hasSize(3);
    assertThat(stored(first.session())).as("re-deliveries of the same batch are deduplicated").hasSize(2);

    OutboxDrainer second = drain(access, sink(server.port(), TOKEN));
    await().atMost(Duration.ofSeconds(5)).until(() -> access.outbox(0, 100).isEmpty());

    List<AuditEvent> resent = stored(second.session());
    assertThat(second.session()).isNotEqualTo(first.session());
    assertThat(resent).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L);
    assertThat(resent).extracting(e -> ((AdminAction) e.body()).details().get(AdminEventChain.OUTBOX_ID_DETAIL))
        .containsExactlyElementsOf(actions.stream().map(AdminEvent::id).toList());
    assertThat(new ChainVerifier(json).verify(resent)).isEmpty();
    assertThat(audit.alerts(second.session())).isEmpty();
    assertThat(audit.alerts(first.session())).isEmpty();
  }

  @Test
  void deliversIntoTheIngestOfTheSameProcess() {
    writeActions(2);
    OutboxDrainer drainer = drain(access, new LocalIngestSink(new IngestProcessor(audit, json)));
    await().atMost(Duration.ofSeconds(5)).until(() -> access.outbox(0, 100).isEmpty());
    assertThat(stored(drainer.session())).extracting(AuditEvent::seq).containsExactly(1L, 2L);
  }

  @Test
  void actionNamesOutsideTheSchemaAreRewrittenNotDropped() {
    assertThat(AdminEventChain.schemaAction("Grant.Revoke")).isEqualTo("grant.revoke");
    assertThat(AdminEventChain.schemaAction("grant-revoke.1st")).isEqualTo("grant_revoke.x1st");
    assertThat(AdminEventChain.schemaAction("")).isEqualTo("x");
    AdminEvent odd = new AdminEvent(UUID.randomUUID().toString(), Instant.now(), "system", "Token Create",
        "api_token", "t1", Map.of());
    AuditEvent event = new AdminEventChain("p", new dev.jitgate.audit.event.UuidV7(java.time.Clock.systemUTC(),
        new java.security.SecureRandom()), json).append(odd);
    assertThat(event.type()).isEqualTo("admin.token_create");
    assertThat(((AdminAction) event.body()).details()).containsEntry(AdminEventChain.ORIGINAL_ACTION_DETAIL,
        "Token Create");
  }

  /** {@code store} whose acknowledgeOutbox fails (counted), as if the process died right after delivering. */
  private static AccessStore ackFails(AccessStore store, AtomicInteger attempts) {
    return (AccessStore) Proxy.newProxyInstance(AccessStore.class.getClassLoader(), new Class<?>[] {AccessStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("acknowledgeOutbox")) {
            attempts.incrementAndGet();
            throw new IllegalStateException("simulated crash before the acknowledgement");
          }
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

}
