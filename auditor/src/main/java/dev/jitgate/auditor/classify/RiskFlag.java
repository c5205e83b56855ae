package dev.jitgate.auditor.classify;

/** Risks that can be seen in the SQL text of one statement. */
public enum RiskFlag {
  /** A schema change (the statement is DDL). */
  DDL,
  /** A change of roles or privileges (the statement is ROLE). */
  ROLE_CHANGE,
  /** SET ROLE, SET SESSION AUTHORIZATION, their RESET, or set_config('role', ...). */
  ROLE_SWITCH,
  /** An executed UPDATE without a WHERE clause. */
  UPDATE_WITHOUT_WHERE,
  /** An executed DELETE without a WHERE clause. */
  DELETE_WITHOUT_WHERE,
  /** COPY ... FROM/TO PROGRAM (runs a shell command on the server). */
  COPY_PROGRAM,
  /** TRUNCATE. */
  TRUNCATE,
  /** ALTER SYSTEM (changes server configuration). */
  ALTER_SYSTEM
}
