package io.basalt.pgwire;

/** How a connecting client proves who it is. */
public enum AuthMode {
    /** Every user named in the StartupMessage is accepted, as PostgreSQL's {@code trust}. */
    TRUST,
    /**
     * The client is asked for its password in clear text (AuthenticationCleartextPassword) and
     * it must match the configured one. Only sensible on a trusted network or behind TLS.
     */
    PASSWORD
}
