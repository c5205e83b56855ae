package dev.jitgate.admin;

import dev.jitgate.access.rules.Authorization;
import dev.jitgate.access.rules.Operation;
import dev.jitgate.access.service.AccessException;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.auditor.session.SessionSummary;
import dev.jitgate.auditor.store.AuditAlert;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.SessionQuery;
import dev.jitgate.auditor.store.StatementHit;
import dev.jitgate.auditor.store.StatementQuery;
import dev.jitgate.auditor.store.StoredEvent;
import dev.jitgate.auditor.verify.ChainAudit;
import dev.jitgate.auditor.verify.VerificationReport;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/audit}: read-only search, export and verification of the audit trail, for the {@code auditor}
 * and {@code admin} roles ({@link Operation#READ_AUDIT}). There are no write routes: the trail is written by
 * the auditor's ingest only. Without a configured {@link AuditStore} every route answers 503.
 */
final class AuditRoutes implements RouteGroup {
  /** Events per store page while exporting. */
  static final int EXPORT_PAGE_SIZE = 1_000;
  /** The most sessions one verification checks. */
  static final int MAX_VERIFY_SESSIONS = 10_000;

  private final Optional<AuditStore> store;
  private final HttpJson json;
  private final AuditExport export;
  private final AuditEventJson events = new AuditEventJson();

  AuditRoutes(Optional<AuditStore> store, HttpJson json, AuditExport export) {
    this.store = store;
    this.json = json;
    this.export = export;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/v1/audit/sessions", this::sessions, RouteAccess.AUTHENTICATED);
    routes.get("/v1/audit/sessions/{id}", this::session, RouteAccess.AUTHENTICATED);
    routes.get("/v1/audit/statements", this::statements, RouteAccess.AUTHENTICATED);
    routes.get("/v1/audit/export", this::export, RouteAccess.AUTHENTICATED);
    routes.get("/v1/audit/verify", this::verify, RouteAccess.AUTHENTICATED);
    routes.get("/v1/audit/alerts", this::alerts, RouteAccess.AUTHENTICATED);
  }

  /** The store, once the caller is allowed to read the audit trail; 403, then 503 when none is configured. */
  private AuditStore store(Context ctx) {
    Authorization.check(Authenticator.actor(ctx), Operation.READ_AUDIT)
        .orElseThrow(r -> new AccessException(r.code(), r.field(), r.message()));
    return store.orElseThrow(() -> new ApiProblemException(Problem.of(503, "unavailable", "Service unavailable",
        "audit store not configured", null)));
  }

  private void sessions(Context ctx) {
    AuditStore audit = store(ctx);
    AuditParams.Range range = AuditParams.range(ctx);
    SessionQuery query = new SessionQuery(
        AuditParams.name(ctx, "principal"),
        AuditParams.name(ctx, "integration"),
        AuditParams.name(ctx, "database"),
        range.from(),
        range.to(),
        AuditParams.flag(ctx),
        AuditParams.text(ctx),
        QueryParams.limit(ctx));
    List<AuditViews.SessionView> items = AuditParams.query(() -> audit.sessions(query)).stream().map(AuditViews.SessionView::of).toList();
    json.write(ctx, 200, new Items<>(items));
  }

  private void session(Context ctx) {
    AuditStore audit = store(ctx);
    String id = PathText.param(ctx, "id");
    SessionSummary summary = audit.summary(id).orElseThrow(() -> new ApiProblemException(
        Problem.of(404, "not-found", "Not found", "no audited session " + shorten(id), null)));
    // one page of statements: a session may hold millions, which must not all be read into memory at once
    long after = QueryParams.nonNegative(ctx, "after", 0);
    int limit = QueryParams.limit(ctx, QueryParams.MAX_LIMIT);
    List<StatementHit> hits = audit.sessionStatements(id, after, limit + 1);
    Long next = null;
    if (hits.size() > limit) {
      hits = hits.subList(0, limit);
      next = hits.getLast().seq();
    }
    Map<Long, Statement> bodies = hits.isEmpty() ? Map.of()
        : statementBodies(audit.sessionEvents(id, hits.getFirst().seq(), hits.getLast().seq()));
    List<AuditViews.SessionStatementView> statements = hits.stream()
        .map(h -> AuditViews.SessionStatementView.of(h, bodies.get(h.statementId())))
        .toList();
    List<AuditViews.AlertView> alerts = audit.alerts(id).stream().map(AuditViews.AlertView::of).toList();
    json.write(ctx, 200, new AuditViews.SessionDetail(AuditViews.SessionView.of(summary), statements, alerts, next));
  }

  private void statements(Context ctx) {
    AuditStore audit = store(ctx);
    AuditParams.Range range = AuditParams.range(ctx);
    StatementQuery query = new StatementQuery(
        AuditParams.text(ctx),
        AuditParams.name(ctx, "principal"),
        AuditParams.name(ctx, "integration"),
        AuditParams.name(ctx, "database"),
        range.from(),
        range.to(),
        QueryParams.limit(ctx));
    List<AuditViews.StatementView> items =
        AuditParams.query(() -> audit.searchStatements(query)).stream().map(AuditViews.StatementView::of).toList();
    json.write(ctx, 200, new Items<>(items));
  }

  private void export(Context ctx) {
    AuditStore audit = store(ctx);
    AuditParams.Range range = AuditParams.range(ctx);
    String session = AuditParams.name(ctx, "session");
    AuditExport.Format format = AuditExport.Format.of(ctx);
    export.write(ctx, audit, format, range, session);
  }

  private void verify(Context ctx) {
    AuditStore audit = store(ctx);
    AuditParams.Range range = AuditParams.range(ctx);
    int limit = AuditParams.bounded(ctx, "limit", MAX_VERIFY_SESSIONS, MAX_VERIFY_SESSIONS);
    VerificationReport report =
        AuditParams.query(() -> new ChainAudit(audit).verify(range.from(), range.to(), limit));
    json.write(ctx, 200, AuditViews.VerificationView.of(report, range.from(), range.to()));
  }

  /** The integrity alerts found at ingest, newest first, among the newest 1,000 the store lists. */
  private void alerts(Context ctx) {
    AuditStore audit = store(ctx);
    AuditParams.Range range = AuditParams.range(ctx);
    int limit = QueryParams.limit(ctx);
    List<AuditAlert> found = AuditParams.query(() -> audit.alerts(null)).reversed().stream()
        .filter(a -> range.from() == null || !a.detectedAt().isBefore(range.from()))
        .filter(a -> range.to() == null || a.detectedAt().isBefore(range.to()))
        .limit(limit)
        .toList();
    json.write(ctx, 200, new Items<>(found.stream().map(AuditViews.AlertItem::of).toList()));
  }

  /**
   * The {@code statement} bodies of a session's events by statement id (for their protocol and
   * parameters, which the statement search does not carry); unreadable lines are left out.
   */
  private Map<Long, Statement> statementBodies(List<StoredEvent> stored) {
    Map<Long, Statement> bodies = new HashMap<>();
    for (StoredEvent event : stored) {
      if (!Statement.TYPE.equals(event.type())) {
        continue;
      }
      if (events.read(event.line()) instanceof ParseResult.Ok ok && ok.event().body() instanceof Statement s) {
        bodies.putIfAbsent(s.statementId(), s);
      }
    }
    return bodies;
  }

  private static String shorten(String id) {
    String safe = id.replaceAll("\\p{Cntrl}", "?");
    return safe.length() > 100 ? safe.substring(0, 100) + "…" : safe;
  }
}
