package io.basalt.sql.api;

/** The transaction status ReadyForQuery reports: idle, inside a block, or inside a failed block. */
public enum TxStatus {
    IDLE('I'),
    IN_TRANSACTION('T'),
    FAILED('E');

    private final char code;

    TxStatus(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }
}
