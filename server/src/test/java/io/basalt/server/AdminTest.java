package io.basalt.server;

import static io.basalt.server.ClusterTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.client.PromoteReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status, replication mode and manual failover, as an operator drives them. */
class AdminTest {
    @TempDir
    Path dir;

    @Test
    void statusNamesTheNodeItsProcessAndItsGroup() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeStatusReport report = client.status(leader);
            assertThat(report.node()).isEqualTo(leader);
            assertThat(report.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(report.listen()).isEqualTo(c.config(leader).addressOf(leader));
            assertThat(report.groups()).singleElement().satisfies(g -> {
                assertThat(g.role()).isEqualTo(RaftRole.LEADER);
                assertThat(g.membership().voters()).containsExactlyElementsOf(c.ids());
            });
        }
    }

    @Test
    void setReplicationChangesTheModeOnEveryNode() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            c.awaitLeader();
            for (ReplicationMode mode : new ReplicationMode[] {ReplicationMode.ASYNC, ReplicationMode.SYNC_ALL}) {
                client.setReplication(mode);
                for (NodeId id : c.ids()) {
                    assertThat(client.status(id).groups().getFirst().replicationMode()).as("%s on %s", mode, id)
                        .isEqualTo(mode);
                }
                client.put(b("written-in"), b(mode.cliName()));
                assertThat(client.get(b("written-in")).value()).isEqualTo(b(mode.cliName()));
            }
        }
    }

    @Test
    void promoteIsRefusedUnderAutomaticFailover() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId follower = c.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            assertThatThrownBy(() -> client.promote(follower)).isInstanceOf(ClientException.class)
                .hasMessageContaining("promote is for manual failover").hasMessageContaining("transfer-leader");
            assertThat(c.status(leader).role()).as("the leader keeps leading").isEqualTo(RaftRole.LEADER);
        }
    }

    @Test
    void promotingANodeThatMissedAcknowledgedWritesReportsThem() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withModes(ReplicationMode.SYNC, FailoverMode.MANUAL));
             BasaltClient client = c.client()) {
            NodeId n1 = c.ids().get(0);
            NodeId n2 = c.ids().get(1);
            NodeId n3 = c.ids().get(2);
            client.promote(n1);
            client.put(b("a"), b("1"));
            await().atMost(TestCluster.CONVERGE).until(() -> c.status(n3).appliedIndex() == c.status(n1).commitIndex());
            c.stop(n3);
            client.put(b("b"), b("2"));
            client.put(b("c"), b("3"));
            long acknowledged = c.status(n1).commitIndex();
            await().atMost(TestCluster.CONVERGE).until(() -> c.status(n2).commitIndex() == acknowledged);
            c.stop(n1);
            c.start(n3);

            PromoteReport report = client.promote(n3);
            assertThat(report.highestKnownCommit()).isEqualTo(acknowledged);
            assertThat(report.promotedLastIndex()).isEqualTo(acknowledged - 2);
            assertThat(report.lostAcknowledgedEntries()).isEqualTo(2);
            assertThat(report.detail()).contains("2 acknowledged entries are lost", "not asked, unreachable: n1");
            assertThat(client.get(b("a")).value()).isEqualTo(b("1"));
            assertThat(client.get(b("c")).found()).as("the promoted log never had it").isFalse();
        }
    }

    @Test
    void promoteInManualModeMakesTheNamedNodeLeadAndReportsWhatItLacks() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withModes(ReplicationMode.SYNC, FailoverMode.MANUAL));
             BasaltClient client = c.client()) {
            NodeId n1 = c.ids().get(0);
            NodeId n2 = c.ids().get(1);
            NodeId n3 = c.ids().get(2);
            assertThat(c.status(n1).failoverMode()).isEqualTo(FailoverMode.MANUAL);

            PromoteReport first = client.promote(n2);
            assertThat(first.promoted()).isEqualTo(n2);
            assertThat(first.lostAcknowledgedEntries()).isZero();
            assertThat(c.awaitLeader()).isEqualTo(n2);
            client.put(b("k"), b("v"));

            c.stop(n2);
            PromoteReport second = client.promote(n3);
            assertThat(second.newTerm()).isGreaterThan(first.newTerm());
            assertThat(second.lostAcknowledgedEntries()).as(second.detail()).isZero();
            assertThat(second.detail()).contains("no acknowledged entry is missing");
            await().atMost(TestCluster.CONVERGE).until(() -> c.status(n3).role() == RaftRole.LEADER);
            assertThat(client.get(b("k")).value()).isEqualTo(b("v"));
        }
    }
}
