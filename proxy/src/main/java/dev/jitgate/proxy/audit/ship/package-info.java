/**
 * The audit shipper: reads batches from the {@link dev.jitgate.proxy.audit.spool.Spool}, sends them as
 * gzip-compressed NDJSON to the auditor's {@code POST /v1/events} with a bearer token, retries with
 * exponential backoff and full jitter, and acknowledges the spool only after a 2xx (at-least-once).
 *
 * <p>Entry point: {@link dev.jitgate.proxy.audit.ship.Shipper#start(ShipperConfig,
 * dev.jitgate.proxy.audit.spool.Spool)}.
 */
package dev.jitgate.proxy.audit.ship;
