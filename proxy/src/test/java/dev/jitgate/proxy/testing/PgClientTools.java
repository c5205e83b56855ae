package dev.jitgate.proxy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real PostgreSQL client programs (psql, pgbench) against the proxy. They come from Debian's
 * {@code postgresql-client} package; {@code .ci/run} installs it where it is missing.
 */
public final class PgClientTools {

  /** Output of a finished program. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private static final List<Path> SEARCH =
      List.of(Path.of("/usr/lib/postgresql/15/bin"), Path.of("/usr/lib/postgresql/16/bin"),
          Path.of("/usr/lib/postgresql/17/bin"), Path.of("/usr/bin"));

  private PgClientTools() {}

  /** Absolute path of {@code program}, or fails with a hint to install the client package. */
  public static Path find(String program) {
    for (Path dir : SEARCH) {
      Path p = dir.resolve(program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(program + " not found; install Debian's postgresql-client");
  }

  /** libpq environment for a verify-full connection to the test proxy as {@link TestProxy#USER}. */
  public static Map<String, String> libpqEnv(TestProxy proxy) {
    return Map.of(
        "PGHOST", "localhost",
        "PGPORT", Integer.toString(proxy.port()),
        "PGUSER", TestProxy.USER,
        "PGDATABASE", TestProxy.DATABASE,
        "PGPASSWORD", proxy.password(),
        "PGSSLMODE", "verify-full",
        "PGSSLROOTCERT", proxy.caCertFile().toString(),
        "PGCONNECT_TIMEOUT", "10");
  }

  /** A started program whose output goes to temporary files. */
  public record Running(Process process, Path stdout, Path stderr) {
    /** Waits up to {@code seconds} and returns the output; kills the program on timeout. */
    public Result await(long seconds) throws IOException, InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("program did not finish within " + seconds + " s");
      }
      Result r = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      return r;
    }
  }

  /** Starts {@code program} with {@code args} and the given environment added. */
  public static Running start(String program, Map<String, String> env, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(find(program).toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path out = Files.createTempFile("jitgate-" + program, ".out");
    Path err = Files.createTempFile("jitgate-" + program, ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    return new Running(pb.start(), out, err);
  }

  /** Runs and waits. */
  public static Result run(String program, Map<String, String> env, List<String> args, long seconds)
      throws IOException, InterruptedException {
    return start(program, env, args).await(seconds);
  }
}
