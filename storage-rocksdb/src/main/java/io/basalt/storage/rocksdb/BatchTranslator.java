package io.basalt.storage.rocksdb;

import io.basalt.storage.api.WriteBatch;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * Copies a {@link WriteBatch} into a RocksDB write batch on the data column family. RocksDB's
 * batch methods declare a checked exception the visitor cannot throw, so the first one is kept
 * and later operations are skipped; {@link #rethrow()} raises it.
 */
final class BatchTranslator implements WriteBatch.Visitor {
    private final org.rocksdb.WriteBatch target;
    private final ColumnFamilyHandle family;
    private RocksDBException failure;

    BatchTranslator(org.rocksdb.WriteBatch target, ColumnFamilyHandle family) {
        this.target = target;
        this.family = family;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        if (failure == null) {
            try {
                target.put(family, key, value);
            } catch (RocksDBException e) {
                failure = e;
            }
        }
    }

    @Override
    public void delete(byte[] key) {
        if (failure == null) {
            try {
                target.delete(family, key);
            } catch (RocksDBException e) {
                failure = e;
            }
        }
    }

    @Override
    public void deleteRange(byte[] start, byte[] end) {
        if (failure == null) {
            try {
                target.deleteRange(family, start, end);
            } catch (RocksDBException e) {
                failure = e;
            }
        }
    }

    void rethrow() throws RocksDBException {
        if (failure != null) {
            throw failure;
        }
    }
}
