/**
 * A real Basalt node: {@link io.basalt.server.BasaltNode} hosts the replicas of its groups on
 * the Netty transport, the write-ahead log on disk and the system clock, configured by a
 * validated {@link io.basalt.server.NodeConfig}. Everything that touches threads, sockets,
 * files or time lives under this package; the protocol cores stay pure.
 */
package io.basalt.server;
