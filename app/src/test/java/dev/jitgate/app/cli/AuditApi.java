package dev.jitgate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.ids.UuidV7Generator;
import dev.jitgate.access.model.Principal;
import dev.jitgate.access.model.PrincipalKind;
import dev.jitgate.access.model.PrincipalSource;
import dev.jitgate.access.model.Role;
import dev.jitgate.access.probe.JdbcIntegrationProbe;
import dev.jitgate.access.secret.DefaultSecretResolver;
import dev.jitgate.access.service.Actor;
import dev.jitgate.access.service.DefaultAccessService;
import dev.jitgate.access.store.sqlite.SqliteAccessStore;
import dev.jitgate.admin.AdminApiServer;
import dev.jitgate.admin.AdminApiSettings;
import dev.jitgate.app.CliContext;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.Parameter;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.auditor.ingest.IngestProcessor;
import dev.jitgate.auditor.ingest.IngestReport;
import dev.jitgate.auditor.store.SqliteAuditStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine;

/**
 * A real admin API (SQLite access store, the real access service) searching a real SQLite audit store that
 * is filled through the real ingest path, and a way to run {@code jitgate audit …} against it in-process.
 */
final class AuditApi implements AutoCloseable {
  final Path auditFile;
  final SqliteAuditStore auditStore;
  final IngestProcessor ingest;
  final String adminToken;
  private final SqliteAccessStore accessStore;
  private final DefaultAccessService service;
  private final AdminApiServer server;
  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SecureRandom());

  AuditApi() {
    Path dir = Path.of("target", "audit-cli-tests");
    accessStore = SqliteAccessStore.open(dir.resolve(UUID.randomUUID() + "-state.db"));
    auditFile = dir.resolve(UUID.randomUUID() + "-audit.db");
    auditStore = SqliteAuditStore.open(auditFile, json);
    ingest = new IngestProcessor(auditStore, json);
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    service = new DefaultAccessService(accessStore, clock, new UuidV7Generator(clock, random),
        new DefaultSecretResolver(Map.of()), new JdbcIntegrationProbe(Duration.ofSeconds(2)), random);
    adminToken = service.bootstrapAdmin("admin", Optional.empty()).orElseThrow().secret();
    server = AdminApiServer.start(new AdminApiSettings("127.0.0.1", 0, 64 * 1024, Optional.empty(), Optional.empty()),
        service, accessStore, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), auditStore);
  }

  /** Defines user {@code name} with {@code role} and returns an API token for it. */
  String user(String name, Role role) {
    service.putPrincipal(Actor.system(),
        new Principal(name, PrincipalKind.USER, "", "", List.of(), Set.of(role), PrincipalSource.LOCAL, 0));
    return service.createToken(Actor.system(), name, "test", Duration.ofHours(1)).secret();
  }

  /** Runs {@code jitgate audit args…} with {@code token}. */
  Run audit(String token, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("JITGATE_API", server.baseUri().toString());
    env.put("JITGATE_TOKEN", token);
    CliContext context = new CliContext(env, new ByteArrayInputStream(new byte[0]), () -> null, onStop -> { },
        endpoints -> { });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = AuditCommand.commandLine(context).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A session written by the producer's chain builder, one event per second from {@code start}. */
  Session session(String id, String principal, String integration, String database, Instant start) {
    return new Session(new SessionContext(id, "proxy-1", principal, "grant-" + principal, integration, database,
        "jit_" + principal), start);
  }

  @Override
  public void close() {
    server.close();
    auditStore.close();
    accessStore.close();
  }

  /**
   * One command run.
   *
   * @param exitCode its exit code
   * @param out what it printed to stdout
   * @param err what it printed to stderr
   */
  record Run(int exitCode, String out, String err) {}

  /** One session being written; {@link #ingest()} sends it through the ingest processor. */
  final class Session {
    private final ChainBuilder chain;
    private final List<String> lines = new ArrayList<>();
    private long statementId;

    private Session(SessionContext context, Instant start) {
      this.chain = new ChainBuilder(context, ids, new StepClock(start), json);
    }

    Session start(String address, int port, String application) {
      return add(new SessionStart(address, port, application, null, null, "3.0", "scram-sha-256"));
    }

    Session ok(String sql, String tag, Long rows) {
      statementId++;
      add(Statement.simple(statementId, sql));
      return add(StatementDone.ok(statementId, tag, rows, 250));
    }

    Session extended(String sql, List<Parameter> parameters, String tag, Long rows) {
      statementId++;
      add(Statement.extended(statementId, sql, "S_1", "", parameters));
      return add(StatementDone.ok(statementId, tag, rows, 12_500));
    }

    Session failed(String sql, String sqlstate, String error) {
      statementId++;
      add(Statement.simple(statementId, sql));
      return add(StatementDone.failed(statementId, 90, sqlstate, error));
    }

    Session end() {
      return add(new SessionEnd(EndReason.CLIENT_CLOSED, 1_000, 5_000, statementId, 9_000_000));
    }

    void ingest() {
      IngestReport report = AuditApi.this.ingest.ingest(String.join("\n", lines) + "\n");
      assertThat(report.accepted()).as("%s", report).isEqualTo(lines.size());
    }

    private Session add(EventBody body) {
      lines.add(json.write(chain.append(body)));
      return this;
    }
  }

  /** A clock that moves one second forward each time it is read. */
  private static final class StepClock extends Clock {
    private Instant next;

    StepClock(Instant start) {
      this.next = start;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plusSeconds(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }
  }
}
