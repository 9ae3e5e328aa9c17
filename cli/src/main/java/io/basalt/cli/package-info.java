/**
 * The {@code basalt} command line: one picocli command per verb. Commands only parse options,
 * call the server, client or simulator APIs and print; they hold no database logic. The bulk
 * loader behind {@code basalt import}, a SQL client, is in {@link io.basalt.cli.load}.
 */
package io.basalt.cli;
