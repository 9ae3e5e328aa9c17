package io.basalt.pgwire;

import io.basalt.sql.api.SqlSession;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The (process id, secret key) pairs sent in BackendKeyData. A CancelRequest arrives on a new
 * connection carrying a pair; only an exact match reaches the session, so a client cannot
 * cancel statements it does not own by guessing ids. Secrets come from a SecureRandom.
 */
final class BackendKeys {
    /** Ids start here so they do not look like the small numbers of a test fixture. */
    private static final int FIRST_PID = 10_000;

    private record Registered(int secret, SqlSession session) {
    }

    private final AtomicInteger nextPid = new AtomicInteger(FIRST_PID);
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<Integer, Registered> sessions = new ConcurrentHashMap<>();

    /** A fresh id for a connection; ids wrap around after 2^31 connections. */
    int newPid() {
        return nextPid.getAndUpdate(p -> p == Integer.MAX_VALUE ? FIRST_PID : p + 1);
    }

    /** Makes {@code session} cancellable as {@code pid}; returns the secret to send the client. */
    int register(int pid, SqlSession session) {
        int secret = random.nextInt();
        sessions.put(pid, new Registered(secret, session));
        return secret;
    }

    void unregister(int pid) {
        sessions.remove(pid);
    }

    /** Cancels every running statement: the server is shutting down. */
    void cancelAll() {
        sessions.values().forEach(r -> r.session.cancel());
    }

    /** Cancels the statement running in session {@code pid} if the secret matches; false otherwise. */
    boolean cancel(int pid, int secret) {
        Registered r = sessions.get(pid);
        if (r == null || r.secret != secret) {
            return false;
        }
        r.session.cancel();
        return true;
    }
}
