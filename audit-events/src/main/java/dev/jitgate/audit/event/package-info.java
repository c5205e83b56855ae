/** The audit event schema v1: records, their stable JSON form and the per-session hash chain. */
package dev.jitgate.audit.event;
