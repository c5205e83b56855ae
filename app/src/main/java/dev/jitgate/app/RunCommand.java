package dev.jitgate.app;

import dev.jitgate.app.config.AdminRoleConfig;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.outbox.AdminEventSink;
import dev.jitgate.app.outbox.HttpAuditorSink;
import dev.jitgate.app.outbox.LocalIngestSink;
import dev.jitgate.app.runtime.AdminAudit;
import dev.jitgate.app.runtime.AdminRole;
import dev.jitgate.app.runtime.AuditorRole;
import dev.jitgate.app.runtime.ProxyRole;
import dev.jitgate.app.runtime.RunningEndpoints;
import dev.jitgate.app.runtime.SharedAuditStore;
import dev.jitgate.app.runtime.SharedStore;
import java.io.IOException;
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
 * {@code jitgate run}: every role the file configures in one process, on one control-plane store and one
 * audit store: the auditor when there is an {@code auditor} section, the admin API when there is an
 * {@code admin} section, the proxy when there is a {@code proxy} section. Start order: auditor (so that
 * shipping can begin at once), admin (it migrates the store and creates the bootstrap admin; its outbox
 * drainer delivers into this process's auditor unless {@code admin.audit.auditor} names another), proxy. On
 * SIGTERM/SIGINT the order is reversed: the proxy drains first (its shipper can still deliver), then the
 * admin API stops, then the auditor, then the stores are closed.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every role the configuration file has (auditor section: the audit ingest; admin section: the admin",
      "API; proxy section: the proxy) in one process on one store, until SIGTERM or SIGINT. With SQLite this is",
      "how the proxy and the admin API share the control plane."
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
    Optional<JitgateConfig> loaded = configFile.loadForRoles(context, err,
        c -> c.admin().isPresent() || c.proxy().isPresent() || c.auditor().isPresent(), "admin",
        "or proxy or auditor is required: jitgate run starts the roles the file configures", log);
    if (loaded.isEmpty()) {
      return ExitCodes.CONFIG_ERROR;
    }
    JitgateConfig settings = loaded.get();

    SharedStore store = new SharedStore(settings.store());
    Optional<SharedAuditStore> auditStore = settings.auditor().map(a -> new SharedAuditStore(a.storePath()));
    Optional<ProxyRole> proxy = settings.proxy().map(p -> new ProxyRole(settings, store, context.environment()));
    // one metrics endpoint per process: the proxy's when there is one, which then carries the auditor's meters
    Optional<AuditorRole> auditor = settings.auditor().map(a -> new AuditorRole(a, auditStore.orElseThrow(),
        proxy.isPresent() ? Optional.empty() : Optional.of(settings.metrics()), proxy.map(ProxyRole::registry)));
    Optional<String> preset = AdminCommand.presetToken(context);
    Optional<AdminRole> admin = Optional.empty();
    CountDownLatch stop = new CountDownLatch(1);
    context.stopSignals().onStop(stop::countDown);
    try {
      if (auditor.isPresent()) {
        try {
          auditor.get().start();
        } catch (IOException | RuntimeException e) {
          log.error("jitgate auditor failed to start: {}", e.toString());
          log.debug("start-up failure", e);
          return ExitCodes.FAILURE;
        }
      }
      if (settings.admin().isPresent()) {
        admin = Optional.of(AdminCommand.role(settings, store, context, preset,
            adminAudit(settings.admin().get(), auditStore, auditor)));
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
      auditor.ifPresent(AuditorRole::shutdown);
    }
  }

  /**
   * The admin role's audit in this process: it searches the auditor's store instance when it names the same file,
   * and drains the outbox to {@code admin.audit.auditor} or else into this process's auditor.
   */
  private AdminAudit adminAudit(AdminRoleConfig admin, Optional<SharedAuditStore> auditorStore,
      Optional<AuditorRole> auditor) {
    Optional<SharedAuditStore> search = admin.audit().store().map(path ->
        auditorStore.filter(s -> s.path().equals(path)).orElseGet(() -> new SharedAuditStore(path)));
    Optional<AdminEventSink> sink = admin.audit().auditor().<AdminEventSink>map(HttpAuditorSink::new)
        .or(() -> auditor.map(a -> new LocalIngestSink(a.processor())));
    return new AdminAudit(search, sink, AdminCommand.producer(context));
  }
}
