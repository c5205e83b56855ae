package dev.jitgate.app;

import dev.jitgate.access.service.AccessException;
import dev.jitgate.access.service.IssuedToken;
import dev.jitgate.app.cli.ApiOptions;
import dev.jitgate.app.config.AdminRoleConfig;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.outbox.HttpAuditorSink;
import dev.jitgate.app.runtime.AdminAudit;
import dev.jitgate.app.runtime.SharedAuditStore;
import dev.jitgate.app.runtime.AccessServices;
import dev.jitgate.app.runtime.AdminRole;
import dev.jitgate.app.runtime.SharedStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code jitgate admin}: runs the admin API until SIGTERM or SIGINT. On the first start (no admin yet) it
 * creates the bootstrap admin and prints its token once, to standard output only (never to the log).
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the admin API (integrations, access flows, requests, approvals, grants) until SIGTERM or SIGINT.",
      "The state lives in the store section's database (SQLite by default); Flyway migrates it at start.",
      "On first start the bootstrap admin is created and its token printed once (or taken from "
          + "JITGATE_BOOTSTRAP_TOKEN)."
    })
final class AdminCommand implements Callable<Integer> {

  /** Environment variable with a preset bootstrap admin token. */
  static final String BOOTSTRAP_TOKEN_VARIABLE = "JITGATE_BOOTSTRAP_TOKEN";

  private static final Logger log = LoggerFactory.getLogger(AdminCommand.class);

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Mixin private ConfigFileOption configFile;

  AdminCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<JitgateConfig> loaded = configFile.loadForRoles(context, err,
        c -> c.admin().isPresent(), "admin",
        "is required to run the admin role; add an admin section (e.g. admin: {listen: {port: 8080}})", log);
    if (loaded.isEmpty()) {
      return ExitCodes.CONFIG_ERROR;
    }
    JitgateConfig settings = loaded.get();

    Optional<String> preset = presetToken(context);
    AdminRoleConfig adminConfig = settings.admin().orElseThrow();
    AdminAudit audit = new AdminAudit(adminConfig.audit().store().map(SharedAuditStore::new),
        adminConfig.audit().auditor().map(HttpAuditorSink::new), producer(context));
    AdminRole role = role(settings, new SharedStore(settings.store()), context, preset, audit);
    context.stopSignals().onStop(role::requestStop);
    AdminRole.Started started;
    try {
      started = role.start();
    } catch (RuntimeException e) {
      return startFailure(e, preset.isPresent(), err);
    }
    started.bootstrapToken().ifPresent(token -> announce(spec.commandLine().getOut(), token, preset.isPresent(),
        started));
    context.onAdminStarted().accept(started.baseUri());
    role.awaitStopRequest();
    log.info("stop requested");
    role.shutdown();
    return ExitCodes.OK;
  }

  /** {@value #BOOTSTRAP_TOKEN_VARIABLE}, when set. */
  static Optional<String> presetToken(CliContext context) {
    return Optional.ofNullable(context.environment().get(BOOTSTRAP_TOKEN_VARIABLE)).filter(s -> !s.isBlank());
  }

  /** The admin role of {@code settings} (which has an admin section) over {@code store}. */
  static AdminRole role(JitgateConfig settings, SharedStore store, CliContext context, Optional<String> preset,
      AdminAudit audit) {
    return new AdminRole(settings.admin().orElseThrow(), store,
        s -> AccessServices.create(s, context.environment()), preset, audit);
  }

  /** The producer name of this process's admin events: {@code jitgate-admin@<host name>}. */
  static String producer(CliContext context) {
    String host = context.environment().get("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
    }
    return "jitgate-admin@" + host.strip();
  }

  /** Reports why the admin role did not start; returns the exit code. */
  static int startFailure(RuntimeException e, boolean presetToken, PrintWriter err) {
    if (e instanceof AccessException) {
      err.println("jitgate admin: cannot create the bootstrap admin"
          + (presetToken ? " from " + BOOTSTRAP_TOKEN_VARIABLE : "") + ": " + e.getMessage());
      err.flush();
      return presetToken ? ExitCodes.CONFIG_ERROR : ExitCodes.FAILURE;
    }
    log.error("jitgate admin failed to start: {}", e.toString());
    log.debug("start-up failure", e);
    return ExitCodes.FAILURE;
  }

  /** Shows the bootstrap token once, on stdout (the log never sees it). */
  static void announce(PrintWriter out, IssuedToken token, boolean fromEnvironment, AdminRole.Started started) {
    String admin = token.token().principal();
    if (fromEnvironment) {
      out.println("Bootstrap admin \"" + admin + "\" created with the token from " + BOOTSTRAP_TOKEN_VARIABLE + ".");
    } else {
      out.println("Bootstrap admin \"" + admin + "\" created.");
      out.println("Bootstrap admin token (shown once): " + token.secret());
      out.println("Use it with the CLI:");
      out.println("  export " + ApiOptions.API_VARIABLE + "=" + started.baseUri());
      out.println("  export " + ApiOptions.TOKEN_VARIABLE + "=" + token.secret());
      out.println("Then create tokens for people and CI (jitgate token create) instead of sharing this one.");
    }
    out.flush();
  }
}
