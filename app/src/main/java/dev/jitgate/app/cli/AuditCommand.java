package dev.jitgate.app.cli;

import dev.jitgate.app.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jitgate audit}: groups the read-only audit commands (sessions, show, search, export, verify), for
 * callers with the {@code auditor} or {@code admin} role.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Searches, shows, exports and verifies the audit trail (auditor and admin roles).")
public final class AuditCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** {@code audit} with its subcommands, wired to {@code context}. */
  public static CommandLine commandLine(CliContext context) {
    return new CommandLine(new AuditCommand())
        .addSubcommand(new AuditSessionsCommand(context))
        .addSubcommand(new AuditShowCommand(context))
        .addSubcommand(new AuditSearchCommand(context))
        .addSubcommand(new AuditExportCommand(context))
        .addSubcommand(new AuditVerifyCommand(context))
        .addSubcommand(new AuditAlertsCommand(context));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: sessions, show, search, export, verify or alerts");
  }
}
