package dev.jitgate.app;

import dev.jitgate.app.config.JitgateConfig;
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
    Optional<JitgateConfig> loaded = configFile.loadForRoles(context, spec.commandLine().getErr(),
        c -> c.proxy().isPresent(), "proxy",
        "is required to run the proxy role; this file configures only the admin role (run: jitgate admin)", log);
    if (loaded.isEmpty()) {
      return ExitCodes.CONFIG_ERROR;
    }
    JitgateConfig settings = loaded.get();

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
