package io.basalt.pgwire;

/** Socket events that reach the SQL thread through the same queue as messages, so they keep their place. */
enum ChannelEvent implements Inbound {
    /** The client shut down its sending side: answer what was already received, then close. */
    INPUT_CLOSED,
    /** The socket is gone: nothing more can be written. */
    DISCONNECTED
}
