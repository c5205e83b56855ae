package dev.jitgate.app;

import dev.jitgate.app.cli.AuditCommand;
import dev.jitgate.app.cli.ConnectCommand;
import dev.jitgate.app.cli.CredentialsCommand;
import dev.jitgate.app.cli.DecisionCommand;
import dev.jitgate.app.cli.ExtendCommand;
import dev.jitgate.app.cli.FlowsCommand;
import dev.jitgate.app.cli.GrantsCommand;
import dev.jitgate.app.cli.IntegrationsCommand;
import dev.jitgate.app.cli.RequestCommand;
import dev.jitgate.app.cli.RequestsCommand;
import dev.jitgate.app.cli.RevokeCommand;
import dev.jitgate.app.cli.TokenCommand;
import dev.jitgate.app.cli.TokenCreateCommand;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code jitgate} executable: a picocli command with one subcommand per role or tool. */
@Command(
    name = "jitgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Just-in-time access gateway for PostgreSQL.",
    footer = {"", "Exit codes: 0 success, 1 failure, 2 invalid configuration or command line."})
public final class Main implements Runnable {

  @Spec private CommandSpec spec;

  /** The command line with every subcommand, wired to {@code context}; tests call {@code execute} on it. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine config = new CommandLine(new ConfigCommand()).addSubcommand(new ConfigCheckCommand(context));
    CommandLine token = new CommandLine(new TokenCommand()).addSubcommand(new TokenCreateCommand(context));
    return new CommandLine(new Main())
        .addSubcommand(new ProxyCommand(context))
        .addSubcommand(new AdminCommand(context))
        .addSubcommand(new AuditorCommand(context))
        .addSubcommand(new RunCommand(context))
        .addSubcommand(new DemoCommand(context))
        .addSubcommand(new ConnectCommand(context))
        .addSubcommand(new RequestCommand(context))
        .addSubcommand(new RequestsCommand(context))
        .addSubcommand(new DecisionCommand.Approve(context))
        .addSubcommand(new DecisionCommand.Deny(context))
        .addSubcommand(new DecisionCommand.Cancel(context))
        .addSubcommand(new GrantsCommand(context))
        .addSubcommand(new RevokeCommand(context))
        .addSubcommand(new ExtendCommand(context))
        .addSubcommand(new CredentialsCommand(context))
        .addSubcommand(new IntegrationsCommand(context))
        .addSubcommand(new FlowsCommand(context))
        .addSubcommand(token)
        .addSubcommand(AuditCommand.commandLine(context))
        .addSubcommand(new ScramVerifierCommand(context))
        .addSubcommand(config)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    NettyDefaults.applyTo(System.getProperties());
    System.exit(writingUtf8(commandLine(CliContext.system()), System.out, System.err).execute(args));
  }

  /**
   * Sets {@code commandLine}'s (and its subcommands') output and error writers to UTF-8 on {@code out} and
   * {@code err}. Without this they follow the locale, and under the C/POSIX locale of many containers every
   * non-ASCII character (in SQL, names, an export) would be printed as {@code ?}. Returns {@code commandLine}.
   */
  static CommandLine writingUtf8(CommandLine commandLine, OutputStream out, OutputStream err) {
    return commandLine
        .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
        .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: proxy, admin, auditor, run, demo, connect, request, requests, approve,"
        + " deny, cancel, grants, revoke, extend, credentials, integrations, flows, token, audit, scram-verifier or config");
  }
}
