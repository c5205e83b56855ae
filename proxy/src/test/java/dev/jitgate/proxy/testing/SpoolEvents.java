package dev.jitgate.proxy.testing;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ParseResult;
import dev.jitgate.proxy.audit.spool.FsyncPolicy;
import dev.jitgate.proxy.audit.spool.Spool;
import dev.jitgate.proxy.audit.spool.SpoolConfig;
import dev.jitgate.proxy.audit.spool.SpoolRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back every event a (closed) proxy left in its audit spool, for assertions. */
public final class SpoolEvents {
  private SpoolEvents() {}

  /** Every record of the spool in {@code directory}, parsed; fails on a record that is not a valid event. */
  public static List<AuditEvent> readAll(Path directory) throws IOException {
    AuditEventJson json = new AuditEventJson();
    List<AuditEvent> events = new ArrayList<>();
    try (Spool spool = Spool.open(SpoolConfig.defaults(directory, new FsyncPolicy.Never()))) {
      long after = 0;
      while (true) {
        List<SpoolRecord> records = spool.read(after, 10_000, 64 << 20);
        if (records.isEmpty()) {
          break;
        }
        for (SpoolRecord r : records) {
          String line = new String(r.payload(), StandardCharsets.UTF_8);
          switch (json.read(line)) {
            case ParseResult.Ok ok -> events.add(ok.event());
            case ParseResult.Invalid bad ->
                throw new AssertionError("invalid event in spool at " + r.sequence() + ": " + bad);
          }
          after = r.sequence();
        }
      }
    }
    return events;
  }

  /** The events grouped by session, each group in spool order. */
  public static Map<String, List<AuditEvent>> bySession(List<AuditEvent> events) {
    Map<String, List<AuditEvent>> out = new LinkedHashMap<>();
    for (AuditEvent e : events) {
      out.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e);
    }
    return out;
  }
}
