package dev.jitgate.auditor.classify;

/**
 * pgAudit's statement classes. jitgate's decisions where pgAudit leaves room (text-only classification):
 * <ul>
 *   <li>READ: SELECT, VALUES, TABLE, COPY ... TO, DECLARE ... CURSOR FOR SELECT; also CREATE TABLE AS and
 *       SELECT INTO (together with DDL), since they read their source.</li>
 *   <li>WRITE: INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY ... FROM, and any statement with a
 *       data-modifying CTE.</li>
 *   <li>FUNCTION: DO and CALL. A function called inside a SELECT is not FUNCTION (the text cannot tell a
 *       user function from a built-in; pgAudit logs those from the executor, not from the text).</li>
 *   <li>ROLE: GRANT, REVOKE, CREATE/ALTER/DROP ROLE|USER|GROUP, ALTER DEFAULT PRIVILEGES, REASSIGN OWNED.
 *       SET ROLE / SET SESSION AUTHORIZATION are MISC as in pgAudit, with the ROLE_SWITCH risk flag.</li>
 *   <li>DDL: CREATE/ALTER/DROP of other objects, COMMENT, SECURITY LABEL, IMPORT FOREIGN SCHEMA,
 *       REFRESH MATERIALIZED VIEW.</li>
 *   <li>MISC: everything else (SET, SHOW, transaction control, VACUUM, ANALYZE, plain EXPLAIN, PREPARE,
 *       EXECUTE, ALTER SYSTEM, ...) and anything not understood. EXPLAIN ANALYZE takes the classes of the
 *       statement it runs.</li>
 * </ul>
 */
public enum AuditClass {
  /** Reads data. */
  READ,
  /** Modifies data. */
  WRITE,
  /** Runs procedural code (DO, CALL). */
  FUNCTION,
  /** Changes roles or privileges. */
  ROLE,
  /** Changes the schema. */
  DDL,
  /** Anything else. */
  MISC
}
