/**
 * Turns the PostgreSQL messages of one session into audit event bodies ({@code statement},
 * {@code statement.done}, {@code copy}). Pure: no I/O, no threads; the relay feeds a
 * {@link dev.jitgate.proxy.audit.emit.StatementTracker} and adds the envelope and hash chain elsewhere.
 */
package dev.jitgate.proxy.audit.emit;
