package io.basalt.pgwire;

/**
 * What a connection's SQL thread takes from its inbox, in arrival order: a decoded frontend
 * message or an event of the socket itself.
 */
sealed interface Inbound permits FrontendMessage, ChannelEvent {
}
