/**
 * Storage and search of audit events: the store-agnostic {@link dev.jitgate.auditor.store.AuditStore} contract
 * with its query and result records, and the embedded SQLite (WAL, FTS5) implementation.
 */
package dev.jitgate.auditor.store;
