package io.basalt.sql.session;

/**
 * Where a session is with respect to transactions, as PostgreSQL's xact.c tracks it:
 * no transaction, an implicit one (statements outside BEGIN, ended by Sync), an explicit
 * block (BEGIN ... COMMIT), or a failed block that only ROLLBACK or COMMIT can end.
 */
enum TxnState {
    NONE,
    IMPLICIT,
    EXPLICIT,
    FAILED
}
