/**
 * Ingest of NDJSON audit batches ({@link dev.jitgate.auditor.ingest.IngestProcessor}): per-line validation,
 * storage with dedupe by event id, incremental hash-chain checks per session, classification and the
 * per-session summaries, reported as an {@link dev.jitgate.auditor.ingest.IngestReport}.
 */
package dev.jitgate.auditor.ingest;
