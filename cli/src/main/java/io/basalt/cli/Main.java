package io.basalt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code basalt} command. */
@Command(name = "basalt", mixinStandardHelpOptions = true, version = "basalt 0.1.0",
    description = "Basalt: a distributed SQL database built on Raft replication groups.",
    subcommands = {StartCommand.class, DemoCommand.class, StatusCommand.class, KvCommand.class,
        AdminCommand.class, SimCommand.class, ImportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // A user error (bad flag value, unreachable cluster) is one clear line, not a stack trace.
            cmd.getErr().println("basalt: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }
}
