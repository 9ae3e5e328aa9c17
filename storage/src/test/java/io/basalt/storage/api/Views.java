package io.basalt.storage.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers that turn what a view holds into strings, so a failed assertion shows the data. */
public final class Views {
    private static final HexFormat HEX = HexFormat.of();

    private Views() {
    }

    public static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code hex(key)=hex(value)}. */
    public static String entry(byte[] key, byte[] value) {
        return HEX.formatHex(key) + "=" + HEX.formatHex(value);
    }

    /** Every entry of {@code [start, end)} as {@link #entry} strings. */
    public static List<String> scan(ReadView view, byte[] start, byte[] end) {
        try (EngineIterator it = view.newIterator(start, end)) {
            return drain(it);
        }
    }

    /** The entries from the iterator's position to the end of its range. */
    public static List<String> drain(EngineIterator it) {
        List<String> entries = new ArrayList<>();
        for (; it.isValid(); it.next()) {
            entries.add(entry(it.key(), it.value()));
        }
        return entries;
    }

    /** The keys of {@code [start, end)} as UTF-8 text. */
    public static List<String> keys(ReadView view, byte[] start, byte[] end) {
        List<String> keys = new ArrayList<>();
        try (EngineIterator it = view.newIterator(start, end)) {
            for (; it.isValid(); it.next()) {
                keys.add(s(it.key()));
            }
        }
        return keys;
    }

    /** The keys of {@code [start, end)} in hex. */
    public static List<String> hexKeys(ReadView view, byte[] start, byte[] end) {
        List<String> keys = new ArrayList<>();
        try (EngineIterator it = view.newIterator(start, end)) {
            for (; it.isValid(); it.next()) {
                keys.add(HEX.formatHex(it.key()));
            }
        }
        return keys;
    }
}
