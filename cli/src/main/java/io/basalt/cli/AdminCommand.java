package io.basalt.cli;

import io.basalt.raft.ReplicationMode;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.PromoteReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code basalt admin ...}: operator commands. */
@Command(name = "admin", description = "Operator commands: promote, set-replication, transfer-leader, backup.",
    subcommands = {AdminCommand.Promote.class, AdminCommand.SetReplication.class, AdminCommand.TransferLeader.class,
        BackupCommand.class})
public final class AdminCommand {

    abstract static class AdminOp implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        abstract void run(BasaltClient client) throws ClientException;

        @Override
        public Integer call() {
            try (BasaltClient client = cluster.connect()) {
                run(client);
                return 0;
            } catch (ClientException e) {
                System.err.println("basalt: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "promote", description = "Make NODE the leader (manual failover) and report what its log lacks.")
    static final class Promote extends AdminOp {
        @Parameters(index = "0", paramLabel = "NODE") String node;

        void run(BasaltClient client) throws ClientException {
            PromoteReport r = client.promote(cluster.peers().find(node));
            System.out.printf("promoted %s: term %d, last index %d%n", r.promoted(), r.newTerm(), r.promotedLastIndex());
            System.out.printf("highest commit index known before promotion: %d%n", r.highestKnownCommit());
            if (r.lostAcknowledgedEntries() > 0) {
                System.out.printf("LOST: %d acknowledged entries (indexes %d..%d) are not in the promoted log%n",
                    r.lostAcknowledgedEntries(), r.promotedLastIndex() + 1, r.highestKnownCommit());
            } else {
                System.out.println("no acknowledged entry is missing from the promoted log");
            }
            if (r.detail() != null && !r.detail().isBlank()) {
                System.out.println(r.detail());
            }
        }
    }

    @Command(name = "set-replication", description = "Change the replication mode live: sync, sync-all or async.")
    static final class SetReplication extends AdminOp {
        @Parameters(index = "0", paramLabel = "MODE") String mode;

        void run(BasaltClient client) throws ClientException {
            ReplicationMode m = ReplicationMode.parse(mode);
            client.setReplication(m);
            System.out.println("replication mode is now " + m.cliName());
        }
    }

    @Command(name = "transfer-leader", description = "Hand leadership to NODE gracefully.")
    static final class TransferLeader extends AdminOp {
        @Parameters(index = "0", paramLabel = "NODE") String node;

        void run(BasaltClient client) throws ClientException {
            client.transferLeader(cluster.peers().find(node));
            System.out.println("leadership transferred to " + node);
        }
    }
}
