/**
 * The lock table of strict two-phase locking: which transaction holds which lock, who waits
 * for whom, and which waiting requests a release lets through. It is pure, single-threaded
 * state: each call is one atomic step taken on the leader's event loop, so acquiring a lock is
 * a test-and-set and never a check-then-act. Deadlocks are not resolved here; {@link
 * io.basalt.txn.lock.LockTable#blockers} feeds the wait-for graph that finds them, and the
 * engine withdraws a victim with {@code cancelWait} or {@code releaseAll}.
 *
 * <p>Invariants that hold after every call:
 * <ul>
 *   <li>No two transactions hold locks on overlapping targets in incompatible modes (a point
 *       overlaps an equal point and every range containing it).</li>
 *   <li>A transaction has at most one waiting request, and every waiting request has at least
 *       one blocker: a conflicting holder or an earlier conflicting waiter. So no release is
 *       ever lost; a request that could be granted has been.</li>
 *   <li>Waiting requests are ordered upgrades first, then ordinary requests, each in arrival
 *       order. A new request waits behind earlier conflicting waiters (no writer starves
 *       behind a stream of readers), and an upgrade waits only for holders and earlier
 *       upgrades (waiting behind requests that wait for the upgrader would be a certain
 *       deadlock).</li>
 *   <li>A transaction's own locks never block it; re-asking for a mode that a lock on an equal
 *       target already covers changes nothing.</li>
 * </ul>
 */
package io.basalt.txn.lock;
