package dev.jitgate.auditor.classify;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How one statement is classified: its pgAudit classes (never empty), a command name in PostgreSQL's
 * command-tag style ({@code "SELECT"}, {@code "CREATE TABLE"}, empty for an empty statement), the objects it
 * touches as far as the text tells, and its risk flags.
 */
public record Classification(Set<AuditClass> classes, String command, List<ObjectRef> objects,
               Set<RiskFlag> flags) {

  /** Copies and validates the fields. */
  public Classification {
    if (classes == null || classes.isEmpty()) {
      throw new IllegalArgumentException("classes must not be empty");
    }
    if (command == null) {
      throw new IllegalArgumentException("command must not be null");
    }
    classes = Collections.unmodifiableSet(EnumSet.copyOf(classes));
    objects = List.copyOf(objects == null ? List.of() : objects);
    flags = Collections.unmodifiableSet(
        flags == null || flags.isEmpty() ? EnumSet.noneOf(RiskFlag.class) : EnumSet.copyOf(flags));
  }

  /** The classification of an empty or unknown statement. */
  public static Classification misc(String command) {
    return new Classification(Set.of(AuditClass.MISC), command, List.of(), Set.of());
  }
}
