package dev.jitgate.app.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code demo.env}: {@code export NAME='value'} lines that a POSIX shell can source, for psql (libpq's
 * {@code PG*} variables) and the jitgate CLI ({@code JITGATE_API}, {@code JITGATE_TOKEN} as alice,
 * {@code JITGATE_GRANT}), plus {@code JITGATE_UPSTREAM_URL}, the superuser straight to the upstream for
 * comparisons. Written with mode 0600: it holds a password and a token.
 */
final class DemoEnvFile {

  private DemoEnvFile() {}

  /** The variables, in file order. */
  static Map<String, String> variables(DemoSummary demo) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", DemoUpstream.HOST);
    env.put("PGPORT", Integer.toString(demo.proxyPort()));
    env.put("PGDATABASE", demo.database());
    env.put("PGUSER", DemoSeed.ENGINEER);
    env.put("PGPASSWORD", demo.access().password());
    env.put("PGSSLMODE", "verify-full");
    env.put("PGSSLROOTCERT", demo.caCertificate().toString());
    env.put("JITGATE_API", demo.apiUrl());
    env.put("JITGATE_TOKEN", demo.access().engineerToken());
    env.put("JITGATE_GRANT", demo.access().grant().id());
    env.put("JITGATE_UPSTREAM_URL", demo.upstreamUrl());
    return env;
  }

  /** The file's text. */
  static String text(DemoSummary demo) {
    return "# jitgate demo: . " + shellQuote(demo.envFile().toString())
        + "   (psql through jitgate as alice; the jitgate CLI as alice)\n"
        + variables(demo).entrySet().stream()
            .map(e -> "export " + e.getKey() + "=" + shellQuote(e.getValue()))
            .collect(Collectors.joining("\n", "", "\n"));
  }

  /** Writes the file, readable by its owner only. */
  static void write(DemoSummary demo) throws IOException {
    Path file = demo.envFile();
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text(demo), StandardCharsets.UTF_8);
  }

  /** {@code value} in single quotes, with {@code '} written as {@code '\''}. */
  static String shellQuote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
