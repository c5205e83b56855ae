package dev.jitgate.auditor.http;

import dev.jitgate.audit.event.AlertKind;
import dev.jitgate.auditor.ingest.ChainAlert;
import dev.jitgate.auditor.ingest.IngestReport;
import dev.jitgate.auditor.ingest.LineError;
import java.util.List;

/**
 * The JSON answer to an ingested batch: counts, the refused lines and the chain alerts (ids and seqs only).
 *
 * @param accepted events newly stored
 * @param duplicates events already stored
 * @param invalid the lines that were not stored
 * @param alerts the chain problems found
 */
record IngestResponse(int accepted, int duplicates, List<InvalidLine> invalid, List<Alert> alerts) {

  static IngestResponse of(IngestReport report) {
    return new IngestResponse(report.accepted(), report.duplicates(),
        report.invalid().stream().map(InvalidLine::of).toList(),
        report.alerts().stream().map(Alert::of).toList());
  }

  /** One refused line: its 1-based number, the offending field and why. */
  record InvalidLine(int line, String field, String reason) {
    static InvalidLine of(LineError error) {
      return new InvalidLine(error.line(), error.field(), error.reason());
    }
  }

  /** One chain problem: the session, its kind and the first seq concerned. */
  record Alert(String session, AlertKind kind, long seq) {
    static Alert of(ChainAlert alert) {
      return new Alert(alert.session(), alert.kind(), alert.seq());
    }
  }
}
