package io.basalt.sql.store;

/** The lock a read takes on the rows it returns: none beyond the isolation level's, FOR SHARE, FOR UPDATE. */
public enum RowLock { NONE, SHARE, UPDATE }
