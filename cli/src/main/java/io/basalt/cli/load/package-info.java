/**
 * The bulk loader behind {@code basalt import}: it cuts a text or CSV file into rows the way the
 * server's COPY reader does ({@link io.basalt.cli.load.RowSplitter}), sends them in batches of
 * COPY FROM STDIN, each committed on its own or all in one transaction
 * ({@link io.basalt.cli.load.Loader}), maps a line number the server reports back to the line
 * of the file, and draws the progress ({@link io.basalt.cli.load.Progress}). It holds at most
 * one read buffer and one row, whatever the size of the file.
 */
package io.basalt.cli.load;
