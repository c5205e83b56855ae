/** The auditor: ingest, statement classification, session aggregation, storage and search of audit events. */
package dev.jitgate.auditor;
