/**
 * The client side of Basalt's node protocol, used by the {@code basalt} command line and by
 * tests: key-value operations, status and administration against any node of a cluster.
 */
package io.basalt.server.client;
