package io.basalt.txn.engine;

/** An answer for the driver to send: {@code requestId} is the id the request came in with. */
public record TxnReply(long requestId, TxnResult result) {}
