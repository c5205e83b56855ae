package dev.jitgate.app.demo;

import dev.jitgate.access.service.IssuedToken;
import dev.jitgate.app.ExitCodes;
import dev.jitgate.app.config.ConfigException;
import dev.jitgate.app.config.ConfigLoader;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.LogFormat;
import dev.jitgate.app.config.LogLevel;
import dev.jitgate.app.config.LoggingConfig;
import dev.jitgate.app.runtime.AccessServices;
import dev.jitgate.app.outbox.LocalIngestSink;
import dev.jitgate.app.runtime.AdminAudit;
import dev.jitgate.app.runtime.AdminRole;
import dev.jitgate.app.runtime.AuditorRole;
import dev.jitgate.app.runtime.LoggingSetup;
import dev.jitgate.app.runtime.ProxyRole;
import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.app.runtime.SharedAuditStore;
import dev.jitgate.app.runtime.SharedStore;
import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.proxy.tls.DevCertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jitgate demo} in one process: claims the state directory, checks the ports, starts the throwaway
 * upstream ({@link DemoUpstream}), writes the configuration and runs the auditor, the admin role and the
 * grant-mode proxy role (audited, shipping to the auditor with an ingest token generated for the run) on one
 * SQLite store exactly as {@code jitgate run} would, seeds the control plane ({@link DemoSeed})
 * and writes {@code demo.env}. {@link #close()} stops everything in reverse order and deletes the run's files
 * and the upstream's data.
 */
public final class Demo implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  /**
   * The command line's choices.
   *
   * @param layout the state directory
   * @param proxyPort {@code --proxy-port}; 0 picks a free port
   * @param apiPort {@code --api-port}; 0 picks a free port
   * @param logLevel the log level of the run
   * @param environment the process environment (secret references other than the demo's own)
   */
  public record Options(DemoLayout layout, int proxyPort, int apiPort, LogLevel logLevel,
      Map<String, String> environment) {
    public Options {
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(logLevel, "logLevel");
      environment = Map.copyOf(environment);
    }

    @Override
    public String toString() {
      return "Options[" + layout.stateDirectory() + ", proxyPort=" + proxyPort + ", apiPort=" + apiPort + "]";
    }
  }

  private final Deque<Step> running = new ArrayDeque<>();
  private DemoSummary summary;

  /** One thing to undo at close. */
  @FunctionalInterface
  private interface Step {
    void undo() throws Exception;
  }

  private Demo() {}

  /** Starts everything; on failure, stops what was started and throws. */
  public static Demo start(Options options) throws DemoException, InterruptedException {
    Demo demo = new Demo();
    try {
      demo.startAll(options);
      return demo;
    } catch (DemoException | InterruptedException | RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  private void startAll(Options options) throws DemoException, InterruptedException {
    LoggingSetup.apply(new LoggingConfig(options.logLevel(), LogFormat.TEXT));
    DemoLayout layout = options.layout();
    DemoStateDirectory state = DemoStateDirectory.claim(layout);
    running.push(state::close);
    running.push(state::removeRunFiles);
    int proxyPort = port("--proxy-port", options.proxyPort());
    int apiPort = port("--api-port", options.apiPort());
    if (proxyPort == apiPort) {
      throw new DemoException(ExitCodes.CONFIG_ERROR, "--proxy-port and --api-port must differ (both are "
          + proxyPort + ")");
    }
    SecureRandom random = new SecureRandom();
    int auditorPort = port("the auditor", 0);
    DemoUpstream upstream;
    try {
      DevCertificateAuthority ca = DevCertificateAuthority.loadOrCreate(layout.caDirectory(), "jitgate demo CA");
      log.info("starting the demo's PostgreSQL under {}", layout.postgresDirectory());
      upstream = DemoUpstream.start(layout, ca, random);
      running.push(upstream::close);
      writeSecret(layout, upstream);
      String ingestToken = ingestToken(random);
      writePrivate(layout.ingestToken(), ingestToken);
      Files.writeString(layout.config(), DemoConfig.yaml(proxyPort, apiPort, options.logLevel().configName(),
          auditorPort, AuditorSettings.sha256Hex(ingestToken)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DemoException(ExitCodes.FAILURE, e.getMessage(), e);
    }
    JitgateConfig config = loadConfig(layout);
    LoggingSetup.apply(config.logging());

    SharedStore store = new SharedStore(config.store());
    SharedAuditStore auditStore = new SharedAuditStore(config.auditor().orElseThrow().storePath());
    AuditorRole auditor = new AuditorRole(config.auditor().get(), auditStore, Optional.empty());
    AuditorRole.Started auditorStarted;
    try {
      auditorStarted = auditor.start();
    } catch (IOException | RuntimeException e) {
      throw bindFailure(e, "the auditor's port", auditorPort, "the auditor");
    }
    running.push(auditor::shutdown);
    AdminRole admin = new AdminRole(config.admin().orElseThrow(), store,
        s -> AccessServices.create(s, options.environment()), Optional.empty(),
        new AdminAudit(Optional.of(auditStore), Optional.of(new LocalIngestSink(auditor.processor())),
            "jitgate-demo"));
    AdminRole.Started started;
    try {
      started = admin.start();
    } catch (RuntimeException e) {
      throw bindFailure(e, "--api-port", apiPort, "the admin API");
    }
    running.push(admin::shutdown);
    IssuedToken adminToken = started.bootstrapToken().orElseThrow(() -> new DemoException(ExitCodes.FAILURE,
        "the demo's store " + layout.store() + " already had an admin; delete it and start again"));
    DemoSeed.Access access = DemoSeed.seed(admin.service(), adminToken.secret(), new DemoSeed.Upstream(
        DemoUpstream.HOST, upstream.port(), layout.caCertificate(), layout.connectorSecret()));

    ProxyRole proxy = new ProxyRole(config, store, options.environment());
    RunningEndpoints endpoints;
    try {
      endpoints = proxy.start();
    } catch (IOException | RuntimeException e) {
      throw bindFailure(e, "--proxy-port", proxyPort, "the proxy");
    }
    running.push(proxy::shutdown);
    summary = new DemoSummary(layout, endpoints.proxy().getPort(), started.baseUri().toString(), upstream.port(),
        access, auditorStarted.baseUri().toString());
    try {
      DemoEnvFile.write(summary);
    } catch (IOException e) {
      throw new DemoException(ExitCodes.FAILURE, "cannot write " + layout.envFile() + ": " + e.getMessage(), e);
    }
  }

  /** What runs and how to reach it. */
  public DemoSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("the demo is not running");
    }
    return summary;
  }

  /** Stops the proxy, the admin API and the upstream, deletes the run's files and unlocks the directory. */
  @Override
  public void close() throws InterruptedException {
    while (!running.isEmpty()) {
      Step step = running.pop();
      try {
        step.undo();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw e;
      } catch (Exception e) {
        log.warn("demo clean-up step failed: {}", e.toString());
      }
    }
    summary = null;
  }

  private static int port(String flag, int port) throws DemoException {
    if (port < 0 || port > 65535) {
      throw new DemoException(ExitCodes.CONFIG_ERROR, flag + " must be between 1 and 65535, got " + port);
    }
    if (port == 0) {
      try {
        return Ports.pickFree(DemoUpstream.HOST);
      } catch (IOException e) {
        throw new DemoException(ExitCodes.FAILURE, "cannot find a free port for " + flag + ": " + e.getMessage(), e);
      }
    }
    if (!Ports.available(DemoUpstream.HOST, port)) {
      throw busy(flag, port);
    }
    return port;
  }

  private static DemoException busy(String flag, int port) {
    return new DemoException(ExitCodes.CONFIG_ERROR, flag + " " + port + ": port " + port + " on "
        + DemoUpstream.HOST + " is already in use; stop what listens there or choose another port with " + flag);
  }

  private static DemoException bindFailure(Exception e, String flag, int port, String what) {
    if (Ports.isAddressInUse(e)) {
      return busy(flag, port);
    }
    return new DemoException(ExitCodes.FAILURE, what + " did not start: " + e.getMessage(), e);
  }

  private static void writeSecret(DemoLayout layout, DemoUpstream upstream) throws IOException {
    Files.deleteIfExists(layout.connectorSecret());
    Files.createFile(layout.connectorSecret(),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    char[] password = upstream.connectorPassword();
    try {
      Files.writeString(layout.connectorSecret(), new String(password), StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** 32 random bytes, base64url: a bearer token for the proxy's shipper. */
  private static String ingestToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static JitgateConfig loadConfig(DemoLayout layout) throws DemoException {
    try {
      // No JITGATE_ overrides: the demo is configured by its flags alone.
      return new ConfigLoader(Map.of(), () -> "jitgate-demo").load(layout.config()).config();
    } catch (ConfigException e) {
      throw new DemoException(ExitCodes.FAILURE, "the demo's own configuration is invalid: " + e.errors(), e);
    }
  }
}
