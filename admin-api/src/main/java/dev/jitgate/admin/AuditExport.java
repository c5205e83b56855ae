package dev.jitgate.admin;

import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.auditor.store.AuditStore;
import dev.jitgate.auditor.store.EventPage;
import dev.jitgate.auditor.store.EventQuery;
import dev.jitgate.auditor.store.StoredEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams {@code GET /v1/audit/export}: the events of a time range (or one session) in export order, page by
 * page through {@link AuditStore#events}, so memory stays bounded whatever the range. The first page is read
 * before the response starts, so a bad request or a failing store is still a problem document; a failure
 * later aborts the response (the client sees a truncated body, never a silently short one with a 200 end).
 */
final class AuditExport {
  private static final Logger LOG = LoggerFactory.getLogger(AuditExport.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_FILE_PART = 64;

  private final AuditCsv csv;
  private final int pageSize;

  AuditExport(AuditCsv csv, int pageSize) {
    if (pageSize < 1 || pageSize > EventQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("pageSize must be 1.." + EventQuery.MAX_LIMIT);
    }
    this.csv = csv;
    this.pageSize = pageSize;
  }

  /** The export's formats. */
  enum Format {
    /** The stored canonical lines, byte for byte, one per line. */
    NDJSON("application/x-ndjson", "ndjson"),
    /** {@link AuditCsv}'s columns. */
    CSV("text/csv; charset=utf-8", "csv");

    final String mediaType;
    final String extension;

    Format(String mediaType, String extension) {
      this.mediaType = mediaType;
      this.extension = extension;
    }

    /** {@code format}: ndjson (default) or csv, case-insensitive. */
    static Format of(Context ctx) {
      String value = QueryParams.optional(ctx, "format");
      if (value == null) {
        return NDJSON;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "ndjson" -> NDJSON;
        case "csv" -> CSV;
        default -> throw new InvalidFieldException("format", "must be ndjson or csv");
      };
    }
  }

  /** Writes the export of events with {@code from <= time < to} (and of {@code session} when not null). */
  void write(Context ctx, AuditStore store, Format format, AuditParams.Range range, String session) {
    EventPage page =
        AuditParams.query(() -> store.events(new EventQuery(range.from(), range.to(), session, pageSize, null)));
    ctx.status(200)
        .contentType(format.mediaType)
        .header("Content-Disposition", "attachment; filename=\"" + fileName(format, range, session) + "\"")
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff");
    long events = 0;
    try {
      // The servlet's own stream: Javalin's compressing wrapper ignores flush(), which would hold a page
      // in Jetty's buffer instead of sending it.
      OutputStream out = ctx.res().getOutputStream();
      if (format == Format.CSV) {
        out.write(csv.header().getBytes(StandardCharsets.UTF_8));
      }
      while (true) {
        for (StoredEvent event : page.events()) {
          out.write(encode(format, event));
          events++;
        }
        if (!page.hasMore()) {
          break;
        }
        out.flush();
        page = store.events(new EventQuery(range.from(), range.to(), session, pageSize, page.next()));
      }
      out.flush();
    } catch (IOException e) {
      LOG.info("audit export aborted by the client after {} events: {}", events, e.getMessage());
      abort(ctx, e);
    } catch (RuntimeException e) {
      LOG.warn("audit export failed after {} events; the response is cut short", events, e);
      abort(ctx, e);
    }
  }

  /**
   * Ends the connection without finishing the response: once the body has started, a problem document can
   * no longer be sent, and ending the body normally would pass a partial export off as complete.
   */
  private static void abort(Context ctx, Throwable cause) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null) {
      throw new UncheckedIOException(new IOException("audit export cut short", cause));
    }
    request.getConnectionMetaData().getConnection().getEndPoint().close(cause);
  }

  private byte[] encode(Format format, StoredEvent event) {
    return switch (format) {
      case NDJSON -> (event.line() + "\n").getBytes(StandardCharsets.UTF_8);
      case CSV -> csv.row(event).getBytes(StandardCharsets.UTF_8);
    };
  }

  /** {@code jitgate-audit[-<session>][-from-<time>][-to-<time>].<ext>}, with only {@code [A-Za-z0-9._-]} in it. */
  static String fileName(Format format, AuditParams.Range range, String session) {
    StringBuilder name = new StringBuilder("jitgate-audit");
    if (session != null) {
      name.append('-').append(safe(session));
    }
    if (range.from() != null) {
      name.append("-from-").append(FILE_TIME.format(range.from()));
    }
    if (range.to() != null) {
      name.append("-to-").append(FILE_TIME.format(range.to()));
    }
    return name.append('.').append(format.extension).toString();
  }

  private static String safe(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < MAX_FILE_PART; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }
}
