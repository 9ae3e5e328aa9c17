package io.basalt.server.http;

import io.basalt.server.NodeStartException;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node's HTTP admin port.
 * <ul>
 *   <li>{@code GET /metrics}: every meter of {@link NodeMetrics}, in the Prometheus text format;</li>
 *   <li>{@code GET /health}: 200 "ok" while every group on the node accepts writes; 503 with one
 *       line per problem otherwise (for a load balancer or an orchestrator's probe).</li>
 * </ul>
 * Any other path answers 404. Handlers run on virtual threads, never on a group's loop.
 */
public final class AdminHttp implements AutoCloseable {
    private final Javalin app;
    private final InetSocketAddress address;

    private AdminHttp(Javalin app, InetSocketAddress address) {
        this.app = app;
        this.address = address;
    }

    /**
     * Binds {@code at} and starts serving.
     *
     * @param problems what keeps the node from serving, one line each; empty while it serves
     * @throws NodeStartException if the address cannot be bound, naming it
     */
    public static AdminHttp start(String node, InetSocketAddress at, NodeMetrics metrics,
                                  Supplier<List<String>> problems) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.routes.get("/metrics", ctx -> ctx.contentType(NodeMetrics.contentType()).result(metrics.scrape()));
            cfg.routes.get("/health", ctx -> {
                List<String> now = problems.get();
                ctx.contentType("text/plain; charset=utf-8");
                if (now.isEmpty()) {
                    ctx.result("ok\n");
                } else {
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result(String.join("\n", now) + "\n");
                }
            });
        });
        try {
            app.start(at.getHostString(), at.getPort());
        } catch (RuntimeException e) {
            app.stop();
            throw new NodeStartException("node " + node + " cannot serve HTTP on " + at.getHostString() + ":"
                + at.getPort() + ": " + rootMessage(e), e);
        }
        return new AdminHttp(app, new InetSocketAddress(at.getHostString(), app.port()));
    }

    /** The bound address (the actual port when 0 was asked). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
