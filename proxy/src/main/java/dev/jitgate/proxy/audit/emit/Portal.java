package dev.jitgate.proxy.audit.emit;

import dev.jitgate.audit.event.Parameter;
import java.util.List;

/** A bound portal: the statement it was bound from, that statement's SQL at Bind time, and its parameters. */
record Portal(String statementName, String sql, List<Parameter> parameters) {}
