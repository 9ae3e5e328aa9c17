/**
 * The node's HTTP admin port: Prometheus metrics at {@code /metrics} and a health check at
 * {@code /health}, served by Javalin on its own threads.
 *
 * <p>{@link io.basalt.server.http.NodeMetrics} keeps a Micrometer registry whose meters read the
 * last {@link io.basalt.server.http.NodeReading}; each scrape first takes a fresh reading from
 * the node (the groups answer on their event loops, within a timeout), then renders the
 * registry. A node whose loops do not answer in time is still scraped: the JVM meters are
 * current, the node's are those of the last reading, and {@code basalt_node_reading_up} is 0.
 *
 * <p>Invariants: nothing here waits on a group's event loop without a timeout, and what runs on
 * one (assembling a reading from the groups' answers) does no I/O and takes no lock held long;
 * the HTTP port binds to the address configured and nowhere else.
 */
package io.basalt.server.http;
