package dev.jitgate.auditor.ingest;

import java.util.List;

/**
 * The outcome of one ingested NDJSON body.
 *
 * @param accepted events newly stored
 * @param duplicates valid events ignored because their id was already stored or repeated in the body
 * @param invalid the lines that were not valid events, in line order; none of them was stored
 * @param alerts the chain problems found, per session in the body's order of sessions
 */
public record IngestReport(int accepted, int duplicates, List<LineError> invalid, List<ChainAlert> alerts) {

  public IngestReport {
    if (accepted < 0) {
      throw new IllegalArgumentException("accepted: must not be negative");
    }
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates: must not be negative");
    }
    invalid = List.copyOf(invalid);
    alerts = List.copyOf(alerts);
  }
}
