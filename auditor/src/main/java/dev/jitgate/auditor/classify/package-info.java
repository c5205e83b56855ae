/**
 * pgAudit-style statement classification from SQL text ({@link dev.jitgate.auditor.classify.StatementClassifier}):
 * classes, command, touched objects and text-visible risk flags. There is no PostgreSQL SQL parser for Java on
 * Maven Central that fits, so it works on the tokens of {@link dev.jitgate.audit.sql.SqlLexer}.
 */
package dev.jitgate.auditor.classify;
