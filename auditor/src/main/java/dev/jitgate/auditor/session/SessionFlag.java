package dev.jitgate.auditor.session;

import dev.jitgate.auditor.classify.RiskFlag;

/**
 * A risk flag of a whole session: the classifier's text-visible {@link RiskFlag}s plus facts only the
 * results or the ingest can tell (permission denied, many rows read, a broken hash chain).
 */
public enum SessionFlag {
  /** A schema change ran. */
  DDL,
  /** Roles or privileges were changed. */
  ROLE_CHANGE,
  /** SET ROLE, SET SESSION AUTHORIZATION or the like. */
  ROLE_SWITCH,
  /** An UPDATE without WHERE. */
  UPDATE_WITHOUT_WHERE,
  /** A DELETE without WHERE. */
  DELETE_WITHOUT_WHERE,
  /** COPY ... PROGRAM. */
  COPY_PROGRAM,
  /** TRUNCATE. */
  TRUNCATE,
  /** ALTER SYSTEM. */
  ALTER_SYSTEM,
  /** A statement failed with SQLSTATE 42501 (insufficient_privilege). */
  PERMISSION_DENIED,
  /** A READ statement returned at least the configured number of rows. */
  MANY_ROWS,
  /** The session's hash chain or sequence check failed (set by the caller). */
  CHAIN_BROKEN;

  /** The session flag for a statement's risk flag. */
  public static SessionFlag of(RiskFlag risk) {
    return switch (risk) {
      case DDL -> DDL;
      case ROLE_CHANGE -> ROLE_CHANGE;
      case ROLE_SWITCH -> ROLE_SWITCH;
      case UPDATE_WITHOUT_WHERE -> UPDATE_WITHOUT_WHERE;
      case DELETE_WITHOUT_WHERE -> DELETE_WITHOUT_WHERE;
      case COPY_PROGRAM -> COPY_PROGRAM;
      case TRUNCATE -> TRUNCATE;
      case ALTER_SYSTEM -> ALTER_SYSTEM;
    };
  }
}
