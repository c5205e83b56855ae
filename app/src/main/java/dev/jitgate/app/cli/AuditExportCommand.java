package dev.jitgate.app.cli;

import dev.jitgate.app.CliContext;
import dev.jitgate.app.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jitgate audit export}: streams the audit events of a time range (or one session) as NDJSON (the
 * stored lines, byte for byte) or CSV, to stdout or to a file. A file is written next to its target and
 * moved into place only when the whole export arrived, so a cut export never leaves a complete-looking file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Exports audit events as NDJSON (the stored canonical lines, byte for byte) or CSV, to stdout"
        + " or --file.")
public final class AuditExportCommand extends ApiCommand {

  /** The export formats. */
  public enum Format {
    /** One canonical JSON event per line. */
    NDJSON,
    /** CSV with a header line. */
    CSV
  }

  @Option(names = "--format", defaultValue = "ndjson", paramLabel = "ndjson|csv",
      description = "ndjson (default) or csv.")
  Format exportFormat;

  @Option(names = "--file", paramLabel = "<path>", description = "Write to this file instead of stdout.")
  Path file;

  @Option(names = "--session", paramLabel = "<id>", description = "Only this session's events.")
  String session;

  @Mixin AuditTimeRange range;

  private final Clock clock;

  public AuditExportCommand(CliContext context) {
    this(context, Clock.systemUTC());
  }

  AuditExportCommand(CliContext context, Clock clock) {
    super(context);
    this.clock = clock;
  }

  @Override
  protected int run(ApiClient api) {
    Map<String, String> query = new LinkedHashMap<>();
    range.addTo(query, clock);
    query.put("session", session);
    query.put("format", exportFormat.name().toLowerCase(Locale.ROOT));
    try (InputStream in = api.download("/v1/audit/export", query)) {
      if (file == null) {
        copyText(in);
      } else {
        long bytes = copyToFile(in, file);
        err().println("Wrote " + bytes + " bytes to " + file + ".");
      }
      return ExitCodes.OK;
    } catch (IOException e) {
      err().println(spec.qualifiedName() + ": the export was cut short (" + describe(e) + ")"
          + (file == null ? "; the output above is incomplete." : "; " + file + " was not written."));
      return ExitCodes.FAILURE;
    }
  }

  /** To stdout as text (the export is UTF-8). */
  private void copyText(InputStream in) throws IOException {
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    char[] buffer = new char[8192];
    for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
      out().write(buffer, 0, n);
    }
    out().flush();
  }

  /** To {@code <file>.part}, moved to {@code file} once complete; the part file is removed on failure. */
  private static long copyToFile(InputStream in, Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path part = absolute.resolveSibling(absolute.getFileName() + ".part");
    try {
      long bytes;
      try (OutputStream out = Files.newOutputStream(part)) {
        bytes = in.transferTo(out);
      }
      Files.move(part, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return bytes;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
