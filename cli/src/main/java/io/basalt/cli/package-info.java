/**
 * The {@code basalt} command line: one picocli command per verb. Commands only parse options,
 * call the server, client or simulator APIs and print; they hold no database logic.
 */
package io.basalt.cli;
