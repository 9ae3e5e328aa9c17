package io.basalt.txn.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;

/** The {@link MvccStore} contract, on the in-memory store. */
class VersionStoreTest {
    @Nested
    class Reads extends MvccStoreReadsContract {
        @Override
        protected MvccStore newStore() {
            return new VersionStore();
        }
    }

    @Nested
    class Pending extends MvccStorePendingContract {
        @Override
        protected MvccStore newStore() {
            return new VersionStore();
        }
    }

    @Nested
    class Gc extends MvccStoreGcContract {
        @Override
        protected MvccStore newStore() {
            return new VersionStore();
        }
    }

    @Nested
    class GcModel extends MvccStoreGcModelContract {
        @Override
        protected MvccStore newStore() {
            return new VersionStore();
        }

        /** The queue visits only keys with something to drop, and each visit drops at least one written version. */
        @Override
        protected void checkGcWork(long visits, long budget, int writes, String where) {
            super.checkGcWork(visits, budget, writes, where);
            assertThat(visits).as("%s: each visit drops at least one written version", where)
                .isLessThanOrEqualTo(writes);
        }
    }
}
