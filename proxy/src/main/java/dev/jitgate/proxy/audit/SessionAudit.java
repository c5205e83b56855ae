package dev.jitgate.proxy.audit;

import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.EventBody;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.sql.PasswordRedactor;
import dev.jitgate.audit.sql.StatementSplitter;
import dev.jitgate.proxy.audit.emit.MessageTap;
import dev.jitgate.proxy.audit.emit.StatementTracker;
import dev.jitgate.proxy.audit.emit.TrackerConfig;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit of one relayed session: its hash chain, its statement tracking and its link to the pipeline.
 * The relay hands every message it inspects to {@link #frontend} and {@link #backend}; the events that
 * follow are chained and appended to the spool at once.
 *
 * <p>Failures: when an event cannot be spooled, {@link #failure()} says why and the session must end (the
 * statement is refused; nothing is dropped silently). In fail-closed mode {@link #takeBarrier()} returns the
 * durability future of the events since the last call: the relay forwards the client's bytes only once it
 * completes.
 *
 * <p>Confined to the session's event loop.
 */
public final class SessionAudit {
  private static final Logger log = LoggerFactory.getLogger(SessionAudit.class);

  private final AuditPipeline pipeline;
  private final String sessionId;
  private final ChainBuilder chain;
  private final StatementTracker tracker;
  private final MessageTap tap;
  private final ChainBuilder.LineSink<AuditUnavailableException> spool = this::spool;
  private final long startedNanos = System.nanoTime();
  private CompletableFuture<Long> barrier;
  private AuditUnavailableException failure;
  private long statements;
  private boolean ended;

  SessionAudit(AuditPipeline pipeline, String sessionId, ChainBuilder chain, TrackerConfig trackerConfig, StatementSplitter splitter,
      PasswordRedactor redactor) {
    this.pipeline = pipeline;
    this.sessionId = sessionId;
    this.chain = chain;
    this.tracker = new StatementTracker(trackerConfig, this::emit, splitter, redactor);
    this.tap = new MessageTap(tracker);
  }

  /** The session id in every event of this session. */
  public String sessionId() {
    return sessionId;
  }

  /** Records {@code session.start}. */
  public void start(SessionStart body) {
    emit(body);
  }

  /** A client message (or its captured prefix), before it is forwarded. */
  public void frontend(byte type, byte[] body, int length) {
    tap.frontend(type, body, length, System.nanoTime());
  }

  /** A server message (or its captured prefix), before it is forwarded. */
  public void backend(byte type, byte[] body, int length) {
    tap.backend(type, body, length, System.nanoTime());
  }

  /**
   * Records {@code session.end} once (later calls do nothing).
   *
   * @param reason why the session ended
   * @param bytesIn bytes received from the client
   * @param bytesOut bytes sent to the client
   */
  public void end(EndReason reason, long bytesIn, long bytesOut) {
    if (ended) {
      return;
    }
    ended = true;
    long micros = Math.max(0, (System.nanoTime() - startedNanos) / 1000);
    emit(new SessionEnd(reason, bytesIn, bytesOut, statements, micros));
    if (tracker.anomalies() > 0) {
      log.debug("audit session {}: {} protocol anomalies, {} statements skipped by the server", sessionId,
          tracker.anomalies(), tracker.skippedStatements());
    }
  }

  /**
   * In fail-closed mode, the future that completes when every event appended since the previous call is
   * durable; null when there is nothing to wait for (or in fail-open mode).
   */
  public CompletableFuture<Long> takeBarrier() {
    CompletableFuture<Long> b = barrier;
    barrier = null;
    return b;
  }

  /** Why an event could not be spooled, or null while everything was. */
  public AuditUnavailableException failure() {
    return failure;
  }

  /** Statements recorded so far. */
  public long statements() {
    return statements;
  }

  /** Counts this session as ended for lack of audit (for metrics). */
  public void refused() {
    pipeline.sessionRefused();
  }

  private void emit(EventBody body) {
    if (body instanceof Statement) {
      statements++;
    }
    try {
      chain.appendTo(body, spool); // canonical bytes straight from the chain's reused buffer into the spool
    } catch (AuditUnavailableException e) {
      if (failure == null) {
        failure = e;
        log.error("ALERT audit session {}: {}", sessionId, e.getMessage());
      }
    }
  }

  private void spool(byte[] line, int length) throws AuditUnavailableException {
    CompletableFuture<Long> durable = pipeline.append(line, length);
    if (durable != null) {
      barrier = durable; // the spool forces in sequence order: the latest covers the earlier ones
    }
  }
}
