/**
 * Per-session aggregation of audit events ({@link dev.jitgate.auditor.session.SessionAggregator}): who, on
 * which grant, from where, how many statements of which class, rows, bytes, errors, touched objects and the
 * session's risk flags ({@link dev.jitgate.auditor.session.SessionFlag}), as a {@link
 * dev.jitgate.auditor.session.SessionSummary}.
 */
package dev.jitgate.auditor.session;
