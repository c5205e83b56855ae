package dev.jitgate.proxy.audit.emit;

/** A prepared statement as the tracker remembers it: its redacted, capped SQL. */
record PreparedStatement(String sql) {}
