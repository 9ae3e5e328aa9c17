package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.basalt.kv.KvResult;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.txn.Isolation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt kv put|get|del|cas}: the replicated key-value store. */
@Command(name = "kv", description = "Read and write the replicated key-value store.",
    subcommands = {KvCommand.Put.class, KvCommand.Get.class, KvCommand.Del.class, KvCommand.Cas.class,
        KvCommand.Txn.class})
public final class KvCommand {

    abstract static class Op implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        abstract KvResult call(BasaltClient client) throws ClientException;

        abstract String describe(KvResult result);

        @Override
        public Integer call() {
            try (BasaltClient client = cluster.connect()) {
                KvResult r = call(client);
                System.out.println(describe(r));
                return r.ok() ? 0 : 3;
            } catch (ClientException e) {
                System.err.println("basalt: " + e.getMessage()
                    + (e.outcomeUnknown() ? " (the write may or may not have been applied)" : ""));
                return 1;
            }
        }
    }

    static String text(byte[] v) {
        return v == null ? "(none)" : new String(v, UTF_8);
    }

    @Command(name = "put", description = "Set KEY to VALUE.")
    static final class Put extends Op {
        @Parameters(index = "0") String key;
        @Parameters(index = "1") String value;

        KvResult call(BasaltClient c) throws ClientException {
            return c.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
        }

        String describe(KvResult r) {
            return "OK";
        }
    }

    @Command(name = "get", description = "Print the value of KEY (a linearizable read).")
    static final class Get extends Op {
        @Parameters(index = "0") String key;

        KvResult call(BasaltClient c) throws ClientException {
            return c.get(key.getBytes(UTF_8));
        }

        String describe(KvResult r) {
            return text(r.value());
        }
    }

    @Command(name = "del", description = "Delete KEY.")
    static final class Del extends Op {
        @Parameters(index = "0") String key;

        KvResult call(BasaltClient c) throws ClientException {
            return c.delete(key.getBytes(UTF_8));
        }

        String describe(KvResult r) {
            return r.found() ? "DELETED" : "NOT FOUND";
        }
    }

    @Command(name = "cas", description = "Set KEY to NEW if it is OLD now (OLD '-' means absent).")
    static final class Cas extends Op {
        @Parameters(index = "0") String key;
        @Parameters(index = "1") String expected;
        @Parameters(index = "2") String value;

        KvResult call(BasaltClient c) throws ClientException {
            byte[] old = "-".equals(expected) ? null : expected.getBytes(UTF_8);
            return c.compareAndSet(key.getBytes(UTF_8), old, value.getBytes(UTF_8));
        }

        String describe(KvResult r) {
            return r.ok() ? "OK" : "FAILED: current value is " + text(r.value());
        }
    }

    @Command(name = "txn", description = {"Run one transaction given as steps (arguments, or lines on stdin):",
        "  get K | put K V | del K | scan START [END|-] [LIMIT] | sleep MS | commit | abort",
        "It commits after the last step unless a step ended it. Example:",
        "  basalt kv txn 'get a' 'put b 2' 'scan a -'"})
    static final class Txn implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--read-only", description = "A read-only transaction: reads one snapshot, takes no locks.")
        boolean readOnly;

        @Option(names = "--isolation", description = "serializable (default), repeatable read, read committed.",
            defaultValue = "serializable")
        String isolation;

        @Parameters(arity = "0..*", paramLabel = "STEP", description = "Steps; none: read them from stdin.")
        List<String> steps = new ArrayList<>();

        @Override
        public Integer call() {
            TxnScript script;
            Isolation level;
            try {
                level = Isolation.parse(isolation);
                List<String> lines = steps.isEmpty()
                    ? new BufferedReader(new InputStreamReader(System.in, UTF_8)).lines().toList() : steps;
                script = TxnScript.parse(lines);
            } catch (IllegalArgumentException e) {
                System.err.println("basalt: " + e.getMessage());
                return 2;
            }
            try (BasaltClient client = cluster.connect()) {
                return script.run(client, readOnly, level, System.out);
            } catch (ClientException e) {
                System.err.println("basalt: " + e.getMessage()
                    + (e.outcomeUnknown() ? " (the commit may or may not have been applied)" : ""));
                return 1;
            }
        }
    }
}
