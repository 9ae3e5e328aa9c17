/**
 * The PostgreSQL wire protocol, version 3.0, in front of an {@link io.basalt.sql.api.SqlService}:
 * what psql, pgjdbc and every other PostgreSQL client speak to a Basalt node.
 *
 * <h2>Threads</h2>
 * A Netty event loop owns each socket. {@link io.basalt.pgwire.PgFrameDecoder} cuts its bytes
 * into messages and {@link io.basalt.pgwire.PgChannelHandler} queues them, with socket events,
 * in the connection's inbox. One thread per connection ({@link
 * io.basalt.pgwire.PgConnection}) takes them in order and calls the SQL session, so a slow
 * statement blocks only its own connection and never an event loop. Responses are gathered in
 * an {@link io.basalt.pgwire.Outbound} and flushed at ReadyForQuery, Flush, PortalSuspended or
 * a FATAL error, one write per batch rather than one per row. Reading pauses while an inbox
 * holds more than {@code inboxMessagesMax} messages; writing pauses the SQL thread while the
 * socket's outbound buffer is full.
 *
 * <h2>The state machine</h2>
 * <pre>
 *              StartupMessage, TRUST mode
 *   STARTUP ──────────────────────────────────────▶ READY ◀─────────────────┐
 *      │ StartupMessage, PASSWORD mode   password ▲   │ Parse, Bind,        │
 *      ▼                                 is right │   │ Describe,           │ Sync
 *     AUTH ───────────────────────────────────────┘   ▼ Execute, Close      │
 *                                             IN_EXTENDED ──────────────────┤
 *                                                  │ an error               │
 *                                                  ▼                        │
 *                                            SKIP_UNTIL_SYNC ───────────────┘
 *
 *  any state ── Terminate, end of input, malformed bytes (08P01), a FATAL error ──▶ CLOSED
 *  STARTUP: SSLRequest / GSSENCRequest → 'N', stay; CancelRequest → cancel that session, CLOSED
 * </pre>
 * {@code STARTUP}: untyped packets until the StartupMessage; a protocol other than 3.x is
 * 0A000, a client over {@code maxConnections} gets 53300, both FATAL. {@code AUTH}: only a
 * PasswordMessage is acceptable; a wrong one is FATAL 28P01. {@code READY}: a simple Query
 * runs, every statement's result is written, and ReadyForQuery carries the session's
 * transaction status. {@code IN_EXTENDED}: extended-protocol messages since the last Sync; the
 * first error is reported and the connection moves to {@code SKIP_UNTIL_SYNC}, where every
 * message but Sync is dropped, as the protocol requires, so a pipelining client can resume at
 * its next Sync. {@code CLOSED}: the SQL session is closed (rolling back an open transaction).
 *
 * <h2>COPY</h2>
 * COPY's sub-protocol runs inside a statement rather than as a state of its own: the engine,
 * on the connection's thread, asks {@link io.basalt.pgwire.CopyStream} for the client's data,
 * and the stream takes CopyData, CopyDone and CopyFail from the inbox itself (Flush and Sync
 * are skipped; any other message fails the COPY with 08P01). CopyInResponse is sent at once;
 * CopyOutResponse, CopyData and CopyDone go out with the statement's other responses. Outside
 * a copy, CopyData, CopyDone and CopyFail are ignored, as PostgreSQL ignores them: a client
 * goes on sending its data after the server failed the COPY.
 *
 * <h2>Invariants</h2>
 * Messages of one connection are answered in the order they arrived. Bytes that cannot be a
 * message (a length outside its limit, an unknown type, a truncated field, a missing NUL,
 * invalid UTF-8, a negative count) are answered with FATAL 08P01 after the replies to the
 * messages before them, and the connection closes; other connections are untouched. No
 * exception reaches Netty's pipeline tail. Portals live until their transaction ends.
 */
package io.basalt.pgwire;
