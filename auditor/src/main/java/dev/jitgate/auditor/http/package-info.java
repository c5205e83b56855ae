/**
 * The auditor's HTTP face ({@link dev.jitgate.auditor.http.AuditorServer}): {@code POST /v1/events} takes the
 * proxies' gzip NDJSON batches (bearer ingest tokens, bounded compressed and decompressed sizes) and hands
 * them to the {@link dev.jitgate.auditor.ingest.IngestProcessor}; {@code GET /healthz} answers liveness.
 * Errors are RFC 9457 problems.
 */
package dev.jitgate.auditor.http;
