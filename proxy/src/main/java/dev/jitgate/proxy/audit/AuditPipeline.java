package dev.jitgate.proxy.audit;

import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainBuilder;
import dev.jitgate.audit.event.SessionContext;
import dev.jitgate.audit.event.SessionReject;
import dev.jitgate.audit.event.UuidV7;
import dev.jitgate.audit.sql.PasswordRedactor;
import dev.jitgate.audit.sql.StatementSplitter;
import dev.jitgate.proxy.audit.ship.Shipper;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.Spool;
import dev.jitgate.proxy.audit.spool.SpoolFullException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy's audit pipeline: events of every session are appended to the durable {@link Spool}, from which
 * the {@link Shipper} (when configured) delivers them to the auditor. Sessions get their own
 * {@link SessionAudit} (hash chain and statement tracking); this class only appends.
 *
 * <p>Appends never block the caller on disk synchronization: under {@link FsyncPolicy.Always} and in
 * fail-closed mode the record is written to the page cache and forced by the spool's sync thread, and the
 * caller gets a future that completes once it is durable. A full spool or a failing disk is reported to the
 * caller as an {@link AuditUnavailableException}, and the session then refuses the statement by ending; no
 * event is ever dropped.
 *
 * <p>Thread-safe: sessions on every event loop append concurrently.
 */
public final class AuditPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditPipeline.class);

  private final AuditSettings settings;
  private final String proxyName;
  private final Spool spool;
  private final Shipper shipper;
  private final AuditMetrics metrics;
  private final AuditEventJson json = new AuditEventJson();
  private final UuidV7 ids = new UuidV7(Clock.systemUTC(), new SplittableRandom(new SecureRandom().nextLong()));
  /** Seeds each session's own id generator (guarded by itself): sessions on different loops share no lock per event. */
  private final SplittableRandom sessionSeeds = new SplittableRandom(new SecureRandom().nextLong());
  private final Clock clock = Clock.systemUTC();
  private final StatementSplitter splitter = new StatementSplitter();
  private final PasswordRedactor redactor = new PasswordRedactor();
  private final boolean forceSoon;

  private AuditPipeline(AuditSettings settings, String proxyName, Spool spool, Shipper shipper,
      MeterRegistry registry) {
    this.settings = settings;
    this.proxyName = proxyName;
    this.spool = spool;
    this.shipper = shipper;
    this.forceSoon = settings.spool().fsync() instanceof FsyncPolicy.Always;
    this.metrics = new AuditMetrics(registry, proxyName, spool, shipper, settings.failClosed());
  }

  /** Opens (and recovers) the spool, starts the shipper and registers the metrics. */
  public static AuditPipeline start(AuditSettings settings, String proxyName, MeterRegistry registry)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(proxyName, "proxyName");
    Spool spool = Spool.open(settings.spool());
    var recovery = spool.recoveryReport();
    log.info("audit spool {}: {} records recovered, {} unacknowledged ({}), fsync {}, {}",
        settings.spool().directory(), recovery.records(), spool.backlogRecords(),
        recovery.corruptBytes() > 0 || recovery.tornTailBytes() > 0
            ? recovery.corruptBytes() + " corrupt and " + recovery.tornTailBytes() + " torn bytes cut"
            : "clean",
        describe(settings.spool().fsync()), settings.failClosed() ? "fail-closed" : "fail-open");
    Shipper shipper = null;
    try {
      if (settings.shipper() != null) {
        shipper = Shipper.start(settings.shipper(), spool);
        log.info("audit shipper: delivering to {}", settings.shipper().endpoint());
      } else {
        log.warn("audit: no auditor configured; events stay in the spool {} until its size cap stops statements",
            settings.spool().directory());
      }
      return new AuditPipeline(settings, proxyName, spool, shipper, registry);
    } catch (RuntimeException e) {
      if (shipper != null) {
        shipper.close();
      }
      spool.close();
      throw e;
    }
  }

  private static String describe(FsyncPolicy policy) {
    return switch (policy) {
      case FsyncPolicy.Always always -> "always";
      case FsyncPolicy.Interval interval -> "every " + interval.interval().toMillis() + " ms";
      case FsyncPolicy.Never never -> "never";
    };
  }

  /** The settings this pipeline runs with. */
  public AuditSettings settings() {
    return settings;
  }

  /** Whether statements wait until their event is durable. */
  public boolean failClosed() {
    return settings.failClosed();
  }

  /** A new session's audit: a fresh session id and hash chain with {@code context}'s envelope fields. */
  public SessionAudit openSession(SessionContext context) {
    ChainBuilder chain = new ChainBuilder(context, sessionIds(), clock, json);
    return new SessionAudit(this, context.session(), chain, settings.tracker(), splitter, redactor);
  }

  /**
   * A UUIDv7 generator for one session's event ids. Ids stay strictly increasing within the session (one
   * generator); across sessions they are unique as UUIDv7s are (per-millisecond counter from a random start and 62
   * random bits, from an independent split of the pipeline's seeded generator), and no lock is shared between
   * sessions on the hot path.
   */
  private UuidV7 sessionIds() {
    SplittableRandom random;
    synchronized (sessionSeeds) {
      random = sessionSeeds.split();
    }
    return new UuidV7(clock, random);
  }

  /** A fresh session id (a UUIDv7). */
  public String newSessionId() {
    return ids.nextString();
  }

  /** The producer name written in every event's {@code proxy}. */
  public String proxyName() {
    return proxyName;
  }

  /**
   * Records a refused login as a one-event session. Never throws: a failure to spool it is logged and
   * counted (the client is being refused anyway).
   */
  public void reject(SessionContext context, SessionReject reject) {
    try {
      append(new ChainBuilder(context, ids, clock, json).appendEncoded(reject).line());
    } catch (AuditUnavailableException e) {
      log.error("ALERT audit: could not record a refused login of {} from {}: {}", context.principal(),
          reject.clientAddress(), e.getMessage());
    }
  }

  /**
   * Appends one canonical event line. In fail-closed mode returns a future that completes once the record is
   * durable; otherwise null (under fsync {@code always} the spool forces the record soon, nobody waits).
   *
   * @throws AuditUnavailableException when the spool is full or the disk fails
   */
  CompletableFuture<Long> append(String line) throws AuditUnavailableException {
    byte[] payload = line.getBytes(StandardCharsets.UTF_8);
    return append(payload, payload.length);
  }

  /**
   * Appends the canonical event line {@code payload[0, length)} (copied before this returns); otherwise as
   * {@link #append(String)}.
   *
   * @throws AuditUnavailableException when the spool is full or the disk fails
   */
  CompletableFuture<Long> append(byte[] payload, int length) throws AuditUnavailableException {
    try {
      CompletableFuture<Long> durable = null;
      if (settings.failClosed()) {
        durable = spool.appendDurablyAsync(payload, length);
      } else if (forceSoon) {
        spool.appendForcedSoon(payload, length); // not Spool.append: under Always it would fsync on the event loop
      } else {
        spool.append(payload, length);
      }
      metrics.appended(length);
      return durable;
    } catch (SpoolFullException e) {
      metrics.appendFailed("full");
      throw new AuditUnavailableException("the audit spool is full (" + e.totalBytes() + " of "
          + e.maxTotalBytes() + " bytes); statements are refused until the auditor has caught up", e);
    } catch (IOException | RuntimeException e) {
      metrics.appendFailed("io");
      throw new AuditUnavailableException("the audit spool failed: " + e.getMessage(), e);
    }
  }

  /** Counts a session ended because its audit could not be recorded. */
  void sessionRefused() {
    metrics.sessionRefused();
  }

  /** Stops the shipper (unshipped records stay in the spool for the next start) and closes the spool. */
  @Override
  public void close() {
    metrics.close();
    if (shipper != null) {
      shipper.close();
    }
    try {
      spool.close();
    } catch (IOException e) {
      log.warn("closing the audit spool failed: {}", e.toString());
    }
  }
}
