package dev.jitgate.app;

import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.LoadedConfig;
import dev.jitgate.app.runtime.AdminRole;
import dev.jitgate.app.runtime.LoggingSetup;
import dev.jitgate.app.runtime.ProxyRole;
import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.app.runtime.SharedStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code jitgate run}: every role the file configures in one process, on one control-plane store: the admin
 * API when there is an {@code admin} section, the proxy when there is a {@code proxy} section. The admin role
 * starts first (it migrates the store and creates the bootstrap admin); on SIGTERM/SIGINT the proxy drains
 * first, then the admin API stops, then the store is closed.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every role the configuration file has (admin section: the admin API; proxy section: the proxy) in",
      "one process on one store, until SIGTERM or SIGINT. With SQLite this is how the proxy and the admin API",
      "share the control plane."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Mixin private ConfigFileOption configFile;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<LoadedConfig> maybeLoaded = configFile.load(context, err);
    if (maybeLoaded.isEmpty()) {
      return ExitCodes.CONFIG_ERROR;
    }
    LoadedConfig loaded = maybeLoaded.get();
    JitgateConfig settings = loaded.config();
    if (settings.admin().isEmpty() && settings.proxy().isEmpty()) {
      configFile.reportError(err, "admin",
          "or proxy is required: jitgate run starts the roles the file configures");
      return ExitCodes.CONFIG_ERROR;
    }
    LoggingSetup.apply(settings.logging());
    loaded.warnings().forEach(w -> log.warn("configuration: {}", w));

    SharedStore store = new SharedStore(settings.store());
    Optional<String> preset = AdminCommand.presetToken(context);
    Optional<AdminRole> admin = settings.admin().map(a -> AdminCommand.role(settings, store, context, preset));
    Optional<ProxyRole> proxy = settings.proxy().map(p -> new ProxyRole(settings, store, context.environment()));
    CountDownLatch stop = new CountDownLatch(1);
    context.stopSignals().onStop(stop::countDown);
    try {
      if (admin.isPresent()) {
        AdminRole.Started started;
        try {
          started = admin.get().start();
        } catch (RuntimeException e) {
          return AdminCommand.startFailure(e, preset.isPresent(), err);
        }
        started.bootstrapToken().ifPresent(token -> AdminCommand.announce(spec.commandLine().getOut(), token,
            preset.isPresent(), started));
        context.onAdminStarted().accept(started.baseUri());
      }
      if (proxy.isPresent()) {
        RunningEndpoints endpoints;
        try {
          endpoints = proxy.get().start();
        } catch (Exception e) {
          log.error("jitgate proxy failed to start: {}", e.toString());
          log.debug("start-up failure", e);
          return ExitCodes.FAILURE;
        }
        context.onStarted().accept(endpoints);
      }
      stop.await();
      log.info("stop requested");
      return ExitCodes.OK;
    } finally {
      if (proxy.isPresent()) {
        proxy.get().shutdown();
      }
      admin.ifPresent(AdminRole::shutdown);
    }
  }
}
