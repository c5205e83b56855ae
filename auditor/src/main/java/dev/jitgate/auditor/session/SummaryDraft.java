package dev.jitgate.auditor.session;

import dev.jitgate.audit.event.EndReason;
import dev.jitgate.auditor.classify.AuditClass;
import dev.jitgate.auditor.classify.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A mutable copy of a {@link SessionSummary} used while folding one event; never shared. */
final class SummaryDraft {
  final String session;
  String principal;
  String grant;
  String integration;
  String database;
  String dbRole;
  String proxy;
  String clientAddress;
  Integer clientPort;
  String applicationName;
  Instant startedAt;
  Instant endedAt;
  EndReason endReason;
  String rejectSqlstate;
  final EnumMap<AuditClass, Long> statementsByClass;
  long statements;
  long failedStatements;
  long rowsRead;
  long rowsWritten;
  Long bytesIn;
  Long bytesOut;
  long copyBytesIn;
  long copyBytesOut;
  final LinkedHashSet<ObjectRef> objects;
  boolean objectsTruncated;
  final TreeMap<String, Long> errorsBySqlstate;
  boolean errorsTruncated;
  final EnumSet<SessionFlag> flags;
  long lastSeq;
  final LinkedHashMap<Long, Set<AuditClass>> pendingStatements;

  SummaryDraft(SessionSummary s) {
    session = s.session();
    principal = s.principal();
    grant = s.grant();
    integration = s.integration();
    database = s.database();
    dbRole = s.dbRole();
    proxy = s.proxy();
    clientAddress = s.clientAddress();
    clientPort = s.clientPort();
    applicationName = s.applicationName();
    startedAt = s.startedAt();
    endedAt = s.endedAt();
    endReason = s.endReason();
    rejectSqlstate = s.rejectSqlstate();
    statementsByClass = new EnumMap<>(s.statementsByClass());
    statements = s.statements();
    failedStatements = s.failedStatements();
    rowsRead = s.rowsRead();
    rowsWritten = s.rowsWritten();
    bytesIn = s.bytesIn();
    bytesOut = s.bytesOut();
    copyBytesIn = s.copyBytesIn();
    copyBytesOut = s.copyBytesOut();
    objects = new LinkedHashSet<>(s.objects());
    objectsTruncated = s.objectsTruncated();
    errorsBySqlstate = new TreeMap<>(s.errorsBySqlstate());
    errorsTruncated = s.errorsTruncated();
    flags = s.flags().isEmpty() ? EnumSet.noneOf(SessionFlag.class) : EnumSet.copyOf(s.flags());
    lastSeq = s.lastSeq();
    pendingStatements = new LinkedHashMap<>(s.pendingStatements());
  }

  SessionSummary build() {
    List<ObjectRef> objectList = new ArrayList<>(objects);
    Map<Long, Set<AuditClass>> pending = pendingStatements;
    return new SessionSummary(session, principal, grant, integration, database, dbRole, proxy, clientAddress,
        clientPort, applicationName, startedAt, endedAt, endReason, rejectSqlstate, statementsByClass,
        statements, failedStatements, rowsRead, rowsWritten, bytesIn, bytesOut, copyBytesIn, copyBytesOut,
        objectList, objectsTruncated, errorsBySqlstate, errorsTruncated, flags, lastSeq, pending);
  }
}
