package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.pg.scram.ScramVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process through {@link Main#commandLine}. */
class MainTest {

  private static final String UPSTREAM_PASSWORD = "upstream-Secret-77";
  private static final String VERIFIER = ScramVerifier.generate("client-pw", new SecureRandom()).format();
  private static final Map<String, String> ENV = Map.of("APPDB_PASSWORD", UPSTREAM_PASSWORD);

  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    return Files.writeString(dir.resolve("jitgate.yaml"), """
        proxy:
          name: main-test
          listen:
            host: 127.0.0.1
            port: 0
            tls:
              dev-ca-directory: ca
          users:
            - name: alice
              scram-verifier: "%s"
          routes:
            - database: appdb
              upstream:
                host: 127.0.0.1
                user: app_user
                password: env:APPDB_PASSWORD
        """.formatted(VERIFIER) + extra);
  }

  @Test
  void helpListsTheSubcommands() {
    CliRun run = CliRun.run(Map.of(), "", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: jitgate", "proxy", "scram-verifier", "config", "--version");
  }

  @Test
  void versionNamesJitgate() {
    CliRun run = CliRun.run(Map.of(), "", "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("jitgate ").doesNotContain("unknown").contains("Java ");
  }

  @Test
  void theConsoleWritersAreUtf8WhateverTheLocale() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine commandLine = Main.writingUtf8(Main.commandLine(CliContext.system()), out, err);

    int exit = commandLine.execute("audit", "export", "--ünknown-ß→");

    assertThat(exit).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(err.toByteArray()).as("UTF-8 bytes, not '?' for each non-ASCII character")
        .containsSequence("--ünknown-ß→".getBytes(StandardCharsets.UTF_8));
    assertThat(commandLine.getSubcommands().get("audit").getSubcommands().get("export").getErr())
        .isSameAs(commandLine.getErr());
  }

  @Test
  void missingSubcommandIsAUsageError() {
    CliRun run = CliRun.run(Map.of(), "");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("Missing subcommand");
  }

  @Test
  void subcommandHelp() {
    assertThat(CliRun.run(Map.of(), "", "proxy", "--help").out()).contains("--config", "SIGTERM");
    assertThat(CliRun.run(Map.of(), "", "config", "check", "--help").out()).contains("--config");
    assertThat(CliRun.run(Map.of(), "", "scram-verifier", "--help").out()).contains("--stdin");
  }

  @Test
  void scramVerifierFromStandardInput() {
    CliRun run = CliRun.run(Map.of(), "correct horse battery staple\n", "scram-verifier");
    assertThat(run.exitCode()).isZero();
    String line = run.out().strip();
    assertThat(line).startsWith("SCRAM-SHA-256$4096:");
    assertThat(ScramVerifier.parse(line).matchesPassword("correct horse battery staple")).isTrue();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void scramVerifierWithMoreIterationsAndNoTrailingNewline() {
    CliRun run = CliRun.run(Map.of(), "pw", "scram-verifier", "--iterations", "8192");
    assertThat(run.exitCode()).isZero();
    ScramVerifier v = ScramVerifier.parse(run.out().strip());
    assertThat(v.iterations()).isEqualTo(8192);
    assertThat(v.matchesPassword("pw")).isTrue();
  }

  @Test
  void scramVerifierRefusesEmptyInput() {
    assertThat(CliRun.run(Map.of(), "", "scram-verifier").exitCode()).isEqualTo(ExitCodes.FAILURE);
    CliRun empty = CliRun.run(Map.of(), "\n", "scram-verifier");
    assertThat(empty.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(empty.err()).contains("empty");
  }

  @Test
  void scramVerifierRefusesWeakIterationCounts() {
    CliRun run = CliRun.run(Map.of(), "pw\n", "scram-verifier", "--iterations", "100");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void scramVerifierNeverTakesThePasswordFromArgvNorEchoesIt() {
    CliRun run = CliRun.run(Map.of(), "", "scram-verifier", "hunter2-on-argv");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("never read from the command line").doesNotContain("hunter2-on-argv");
  }

  @Test
  void configCheckPrintsOk() throws Exception {
    CliRun run = CliRun.run(ENV, "", "config", "check", "--config", config("").toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("OK" + System.lineSeparator());
    assertThat(run.err()).isEmpty();
  }

  @Test
  void configCheckPrintsWarningsWithoutSecrets() throws Exception {
    Path file = config("").resolveSibling("jitgate.yaml");
    Files.writeString(file, Files.readString(file).replace("env:APPDB_PASSWORD", "literal:" + UPSTREAM_PASSWORD));
    CliRun run = CliRun.run(Map.of(), "", "config", "check", "-c", file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("OK");
    assertThat(run.err()).contains("warning: proxy.routes[0].upstream.password: holds a literal secret")
        .doesNotContain(UPSTREAM_PASSWORD);
  }

  @Test
  void configCheckPrintsEveryErrorAndExitsWith2() throws Exception {
    Path file = config("logging:\n  level: loud\n");
    CliRun run = CliRun.run(Map.of("JITGATE_PROXY_LISTEN_PORT", "-1"), "", "config", "check", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(file + ": 3 configuration errors:")
        .contains("proxy.listen.port: must be between 0 and 65535, got -1 (set by JITGATE_PROXY_LISTEN_PORT)")
        .contains("proxy.routes[0].upstream.password: environment variable APPDB_PASSWORD is not set")
        .contains("logging.level: \"loud\" is not one of trace, debug, info, warn, error");
  }

  @Test
  void configCheckCoversTheAuditKeys() throws Exception {
    Path file = config("""
          audit:
            fail-closed: sometimes
            spool:
              fsync: weekly
            auditor:
              url: ftp://auditor/v1/events
              token: hunter2
        auditor:
          listen: nowhere
          ingest-tokens: ["sha256:abc"]
        admin:
          audit:
            auditor:
              url: http://127.0.0.1:7070/v1/events
        """);
    CliRun run = CliRun.run(ENV, "", "config", "check", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err())
        .contains(file + ": 8 configuration errors:")
        .contains("proxy.audit.fail-closed: \"sometimes\" is not true or false")
        .contains("proxy.audit.spool.directory: is required")
        .contains("proxy.audit.spool.fsync: \"weekly\" is not one of always, interval, never")
        .contains("proxy.audit.auditor.url: \"ftp://auditor/v1/events\" is not an http(s) URL")
        .contains("proxy.audit.auditor.token: a literal secret is refused")
        .contains("auditor.listen: \"nowhere\" is not host:port")
        .contains("auditor.ingest-tokens[0]: sha256: must be followed by 64 hex digits")
        .contains("admin.audit.auditor.token: is required")
        .doesNotContain("hunter2");
  }

  @Test
  void configCheckAcceptsAFileWithAllThreeRoles() throws Exception {
    Path file = config("""
          audit:
            spool:
              directory: ./spool
            auditor:
              url: http://127.0.0.1:7070/v1/events
              token: env:INGEST
        auditor:
          ingest-tokens: [env:INGEST]
        admin:
        """);
    Map<String, String> env = Map.of("APPDB_PASSWORD", UPSTREAM_PASSWORD, "INGEST", "t0ken-value");
    CliRun run = CliRun.run(env, "", "config", "check", "--config", file.toString());
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("OK");
  }

  @Test
  void auditorWithoutItsSectionExitsWith2() throws Exception {
    CliRun run = CliRun.run(ENV, "", "auditor", "--config", config("").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("auditor: is required to run the auditor role");
    assertThat(CliRun.run(Map.of(), "", "auditor", "--help").out()).contains("--config", "/v1/events");
  }

  @Test
  void configCheckOnMissingFile() {
    CliRun run = CliRun.run(ENV, "", "config", "check", "--config", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("nope.yaml: file not found");
  }

  @Test
  void proxyWithInvalidConfigExitsWith2() throws Exception {
    CliRun run = CliRun.run(Map.of(), "", "proxy", "--config", config("").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("environment variable APPDB_PASSWORD is not set");
  }

  @Test
  void proxyThatCannotBindExitsWith1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path file = config("metrics:\n  listen: off\n");
      Map<String, String> env = Map.of("APPDB_PASSWORD", UPSTREAM_PASSWORD,
          "JITGATE_PROXY_LISTEN_PORT", Integer.toString(taken.getLocalPort()));
      CliRun run = CliRun.run(env, "", "proxy", "--config", file.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    }
  }

  @Test
  void proxyThatCannotBindMetricsExitsWith1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path file = config("metrics:\n  listen: 127.0.0.1:" + taken.getLocalPort() + "\n");
      CliRun run = CliRun.run(ENV, "", "proxy", "--config", file.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    }
  }
}
