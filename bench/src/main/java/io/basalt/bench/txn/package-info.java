/**
 * The transaction benchmark ({@code bench/txn.sh}): closed-loop transaction loads against a
 * running Basalt cluster through {@code BasaltClient}, each phase bounded in time, with the
 * latency of whole transactions (begin to commit, retries included) and aborts counted by
 * SQLSTATE. {@link io.basalt.bench.txn.TxnBench} is the entry point; it owns nothing on the
 * server side and changes only keys under its own prefixes.
 */
package io.basalt.bench.txn;
