/**
 * COPY's data formats, text and CSV as PostgreSQL 15 reads and writes them: the options of a
 * COPY statement ({@link io.basalt.sql.copy.CopyOptions}), a reader that cuts a stream of
 * bytes into rows of fields however the stream was split into pieces
 * ({@link io.basalt.sql.copy.CopyReader}), and the writer of rows
 * ({@link io.basalt.sql.copy.CopyWriter}). Nothing here knows tables, transactions or the
 * wire; the session runs the statement.
 *
 * <p>Invariants: the reader holds at most one unfinished row plus the last piece it was fed,
 * never the whole input, and refuses a row longer than {@link io.basalt.sql.copy.CopyReader#ROW_BYTES_MAX};
 * a field the writer writes reads back as the same value (NULL included) with the same options.
 */
package io.basalt.sql.copy;
