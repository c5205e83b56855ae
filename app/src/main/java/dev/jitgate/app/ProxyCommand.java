package dev.jitgate.app;

import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.LoadedConfig;
import dev.jitgate.app.runtime.LoggingSetup;
import dev.jitgate.app.runtime.ProxyRole;
import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.app.runtime.SharedStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jitgate proxy}: runs the PostgreSQL proxy until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the PostgreSQL proxy until SIGTERM or SIGINT, then drains sessions for limits.shutdown-grace.",
      "proxy.access: static uses proxy.users and proxy.routes; grants checks access grants in the store section's"
          + " control plane (run the admin API too, in this process with: jitgate run).",
      "Prometheus metrics at http://<metrics.listen>/metrics, liveness at /healthz."
    })
final class ProxyCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ProxyCommand.class);

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Mixin private ConfigFileOption configFile;

  ProxyCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Optional<LoadedConfig> maybeLoaded = configFile.load(context, spec.commandLine().getErr());
    if (maybeLoaded.isEmpty()) {
      return ExitCodes.CONFIG_ERROR;
    }
    LoadedConfig loaded = maybeLoaded.get();
    JitgateConfig settings = loaded.config();
    if (settings.proxy().isEmpty()) {
      configFile.reportError(spec.commandLine().getErr(), "proxy",
          "is required to run the proxy role; this file configures only the admin role (run: jitgate admin)");
      return ExitCodes.CONFIG_ERROR;
    }
    LoggingSetup.apply(settings.logging());
    loaded.warnings().forEach(w -> log.warn("configuration: {}", w));

    ProxyRole role = new ProxyRole(settings, new SharedStore(settings.store()), context.environment());
    context.stopSignals().onStop(role::requestStop);
    RunningEndpoints endpoints;
    try {
      endpoints = role.start();
    } catch (Exception e) {
      log.error("jitgate proxy failed to start: {}", e.toString());
      log.debug("start-up failure", e);
      return ExitCodes.FAILURE;
    }
    context.onStarted().accept(endpoints);
    role.awaitStopRequest();
    log.info("stop requested");
    role.shutdown();
    return ExitCodes.OK;
  }
}
