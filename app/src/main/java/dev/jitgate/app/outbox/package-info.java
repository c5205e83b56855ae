/**
 * The admin outbox drainer: turns the control plane's outbox entries ({@code AdminEvent}s written in the same
 * transaction as the change they describe) into {@code admin.<action>} audit events, one hash chain per drainer
 * run, delivers them to an auditor and acknowledges the outbox only after the delivery succeeded
 * (at-least-once).
 */
package dev.jitgate.app.outbox;
