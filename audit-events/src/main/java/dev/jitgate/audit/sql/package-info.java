/**
 * PostgreSQL SQL text handling shared by the proxy and the auditor: a lexer that understands literals,
 * quoted identifiers, nested comments and dollar quotes ({@link dev.jitgate.audit.sql.SqlLexer}), a
 * statement splitter for simple-Query strings ({@link dev.jitgate.audit.sql.StatementSplitter}) and the
 * password redactor applied before SQL leaves the proxy ({@link dev.jitgate.audit.sql.PasswordRedactor}).
 */
package dev.jitgate.audit.sql;
