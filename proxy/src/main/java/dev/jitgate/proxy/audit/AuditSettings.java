package dev.jitgate.proxy.audit;

import dev.jitgate.proxy.audit.emit.TrackerConfig;
import dev.jitgate.proxy.audit.ship.ShipperConfig;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import java.util.Objects;

/**
 * How a proxy audits its sessions: every session's events go to the durable spool, and from there the
 * shipper delivers them to an auditor.
 *
 * @param failClosed when true a statement is forwarded only once its {@code statement} event is durable in the
 *     spool, and a session is refused when its {@code session.start} cannot be spooled; when false (default)
 *     the relay never waits on audit I/O, but a full or failing spool still refuses new statements
 * @param spool where and how events are kept until acknowledged
 * @param shipper where events are delivered, or null to only spool them (e.g. a proxy whose spool is read
 *     by something else; events then stay until the size cap stops new statements)
 * @param tracker limits of the per-session statement tracking
 */
public record AuditSettings(boolean failClosed, SpoolConfig spool, ShipperConfig shipper, TrackerConfig tracker) {

  public AuditSettings {
    Objects.requireNonNull(spool, "audit.spool");
    Objects.requireNonNull(tracker, "audit.tracker");
  }
}
