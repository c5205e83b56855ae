package dev.jitgate.auditor.classify;

/** The kind of a database object a statement touches. */
public enum ObjectKind {
  /** A relation: table, view, materialized view, foreign table. */
  TABLE,
  /** A function, procedure or aggregate. */
  FUNCTION,
  /** A role (user or group). */
  ROLE,
  /** A schema. */
  SCHEMA,
  /** Anything else (index, sequence, type, extension, database, ...). */
  OTHER
}
