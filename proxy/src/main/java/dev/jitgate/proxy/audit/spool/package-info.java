/**
 * The durable audit spool of a proxy: opaque records appended to CRC-protected segment files,
 * read by the shipper, deleted only after the auditor acknowledges them.
 *
 * <p>Entry point: {@link dev.jitgate.proxy.audit.spool.Spool#open(SpoolConfig)}.
 */
package dev.jitgate.proxy.audit.spool;
