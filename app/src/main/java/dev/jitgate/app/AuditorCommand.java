package dev.jitgate.app;

import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.runtime.AuditorRole;
import dev.jitgate.app.runtime.SharedAuditStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jitgate auditor}: runs the audit ingest endpoint until SIGTERM or SIGINT. */
@Command(
    name = "auditor",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the auditor: POST /v1/events takes the proxies' (and the admin API's) audit events, checks their",
      "hash chains, classifies statements and stores everything in auditor.store (SQLite with full-text search).",
      "Ingest tokens: auditor.ingest-tokens. Prometheus metrics at http://<metrics.listen>/metrics."
    })
final class AuditorCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AuditorCommand.class);

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Mixin private ConfigFileOption configFile;

  AuditorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Optional<JitgateConfig> loaded = configFile.loadForRoles(context, spec.commandLine().getErr(),
        c -> c.auditor().isPresent(), "auditor",
        "is required to run the auditor role; add an auditor section (e.g. auditor: {listen: 127.0.0.1:7070,"
            + " ingest-tokens: [env:JITGATE_INGEST_TOKEN]})", log);
    if (loaded.isEmpty()) {
      return ExitCodes.CONFIG_ERROR;
    }
    JitgateConfig settings = loaded.get();

    AuditorRole role = new AuditorRole(settings.auditor().get(),
        new SharedAuditStore(settings.auditor().get().storePath()), Optional.of(settings.metrics()));
    context.stopSignals().onStop(role::requestStop);
    try {
      role.start();
    } catch (Exception e) {
      log.error("jitgate auditor failed to start: {}", e.toString());
      log.debug("start-up failure", e);
      return ExitCodes.FAILURE;
    }
    role.awaitStopRequest();
    log.info("stop requested");
    role.shutdown();
    return ExitCodes.OK;
  }
}
