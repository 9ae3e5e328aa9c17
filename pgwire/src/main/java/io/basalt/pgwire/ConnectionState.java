package io.basalt.pgwire;

/**
 * Where a connection is in the protocol. Transitions (anything not listed is a protocol
 * violation: FATAL 08P01, then CLOSED):
 *
 * <pre>
 * STARTUP          SSLRequest / GSSENCRequest  → 'N', STARTUP
 *                  CancelRequest               → cancel the matching session, CLOSED
 *                  StartupMessage, TRUST       → AuthenticationOk ... ReadyForQuery, READY
 *                  StartupMessage, PASSWORD    → AuthenticationCleartextPassword, AUTH
 * AUTH             PasswordMessage, right      → AuthenticationOk ... ReadyForQuery, READY
 *                  PasswordMessage, wrong      → FATAL 28P01, CLOSED
 * READY            Query                       → results, ReadyForQuery, READY
 *                  Parse/Bind/Describe/Execute/Close → IN_EXTENDED; Flush → unchanged
 * IN_EXTENDED      the same messages           → IN_EXTENDED;  one fails → SKIP_UNTIL_SYNC
 *                  Sync                        → ReadyForQuery, READY
 * SKIP_UNTIL_SYNC  anything but Sync           → dropped unanswered
 *                  Sync                        → ReadyForQuery, READY
 * any              Terminate, end of input, malformed bytes, a FATAL error → CLOSED
 * </pre>
 */
enum ConnectionState {
    STARTUP,
    AUTH,
    READY,
    IN_EXTENDED,
    /** IN_EXTENDED after an error: messages are discarded until the client's Sync. */
    SKIP_UNTIL_SYNC,
    CLOSED
}
