package io.basalt.pgwire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level PostgreSQL client for tests that need to see exact messages, send broken ones,
 * or pipeline without waiting. Reads time out after {@link #READ_TIMEOUT_MS}.
 */
final class RawPgClient implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 10_000;

    /** One backend message. */
    record Msg(char type, byte[] body) {
        /** A field of an ErrorResponse or NoticeResponse, or null. */
        String field(char code) {
            if (type != 'E' && type != 'N') {
                throw new IllegalStateException("message " + type + " has no fields");
            }
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char c = (char) body[i];
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                if (c == code) {
                    return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }

        /** The body as a NUL-terminated string (CommandComplete's tag). */
        String text() {
            int n = body.length > 0 && body[body.length - 1] == 0 ? body.length - 1 : body.length;
            return new String(body, 0, n, StandardCharsets.UTF_8);
        }

        /** The values of a DataRow, text-decoded; null for SQL NULL. */
        List<String> values() {
            return columns().stream().map(b -> b == null ? null : new String(b, StandardCharsets.UTF_8)).toList();
        }

        List<byte[]> columns() {
            var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(body));
            try {
                int n = in.readShort();
                List<byte[]> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int len = in.readInt();
                    out.add(len < 0 ? null : in.readNBytes(len));
                }
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return switch (type) {
                case 'E', 'N' -> type + "(" + field('S') + " " + field('C') + " " + field('M') + ")";
                case 'C' -> "C(" + text() + ")";
                case 'Z' -> "Z(" + (char) body[0] + ")";
                case 'D' -> "D" + values();
                case 'd' -> "d(" + new String(body, StandardCharsets.UTF_8).replace("\n", "\\n") + ")";
                default -> String.valueOf(type);
            };
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawPgClient connect(int port) throws IOException {
        return new RawPgClient(new Socket("127.0.0.1", port));
    }

    /** Connects and logs in as {@code user} (trust), returning the messages up to ReadyForQuery. */
    static RawPgClient login(int port, String user) throws IOException {
        RawPgClient c = connect(port);
        c.send(startup(3, 0, "user", user, "database", "postgres"));
        List<Msg> hello = c.readUntil('Z');
        if (hello.stream().anyMatch(m -> m.type() == 'E')) {
            throw new IllegalStateException("login failed: " + hello);
        }
        return c;
    }

    void send(byte[]... messages) throws IOException {
        for (byte[] m : messages) {
            out.write(m);
        }
        out.flush();
    }

    /** Shuts down the sending side: the server sees end of input. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    Msg read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int len = in.readInt();
        if (len < 4 || len > 1 << 26) {
            throw new IOException("bad length " + len + " for backend message " + type);
        }
        return new Msg(type, in.readNBytes(len - 4));
    }

    int readByte() throws IOException {
        return in.read();
    }

    /** Messages up to and including the first of {@code type}. */
    List<Msg> readUntil(char type) throws IOException {
        List<Msg> got = new ArrayList<>();
        Msg m;
        do {
            m = read();
            got.add(m);
        } while (m.type() != type);
        return got;
    }

    /** Every message until the server closes the connection. */
    List<Msg> readUntilClosed() throws IOException {
        List<Msg> got = new ArrayList<>();
        while (true) {
            try {
                got.add(read());
            } catch (EOFException | SocketException e) {
                return got;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- message builders ----

    static byte[] startup(int major, int minor, String... keyValues) {
        Builder b = new Builder();
        b.int32((major << 16) | minor);
        for (String s : keyValues) {
            b.cstring(s);
        }
        b.int8(0);
        return b.untyped();
    }

    static byte[] untyped(int code, int... ints) {
        Builder b = new Builder().int32(code);
        for (int i : ints) {
            b.int32(i);
        }
        return b.untyped();
    }

    static byte[] query(String sql) {
        return new Builder().cstring(sql).typed('Q');
    }

    static byte[] parse(String name, String sql, int... oids) {
        Builder b = new Builder().cstring(name).cstring(sql).int16(oids.length);
        for (int o : oids) {
            b.int32(o);
        }
        return b.typed('P');
    }

    /** Bind with the given parameter formats, values (null: SQL NULL) and result formats. */
    static byte[] bind(String portal, String statement, short[] paramFormats, byte[][] values, short... resultFormats) {
        Builder b = new Builder().cstring(portal).cstring(statement).int16(paramFormats.length);
        for (short f : paramFormats) {
            b.int16(f);
        }
        b.int16(values.length);
        for (byte[] v : values) {
            if (v == null) {
                b.int32(-1);
            } else {
                b.int32(v.length).bytes(v);
            }
        }
        b.int16(resultFormats.length);
        for (short f : resultFormats) {
            b.int16(f);
        }
        return b.typed('B');
    }

    static byte[] describe(char target, String name) {
        return new Builder().int8(target).cstring(name).typed('D');
    }

    static byte[] execute(String portal, int maxRows) {
        return new Builder().cstring(portal).int32(maxRows).typed('E');
    }

    static byte[] close(char target, String name) {
        return new Builder().int8(target).cstring(name).typed('C');
    }

    static byte[] sync() {
        return new Builder().typed('S');
    }

    static byte[] flush() {
        return new Builder().typed('H');
    }

    static byte[] copyData(String data) {
        return new Builder().bytes(data.getBytes(StandardCharsets.UTF_8)).typed('d');
    }

    static byte[] copyDone() {
        return new Builder().typed('c');
    }

    static byte[] copyFail(String message) {
        return new Builder().cstring(message).typed('f');
    }

    static byte[] terminate() {
        return new Builder().typed('X');
    }

    static byte[] password(String pw) {
        return new Builder().cstring(pw).typed('p');
    }

    /** Assembles a message body. */
    static final class Builder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Builder int8(int v) {
            return io(() -> data.writeByte(v));
        }

        Builder int16(int v) {
            return io(() -> data.writeShort(v));
        }

        Builder int32(int v) {
            return io(() -> data.writeInt(v));
        }

        Builder bytes(byte[] v) {
            return io(() -> data.write(v));
        }

        Builder cstring(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8)).int8(0);
        }

        byte[] typed(char type) {
            byte[] body = bytes.toByteArray();
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.write(type);
            writeInt(m, body.length + 4);
            m.writeBytes(body);
            return m.toByteArray();
        }

        byte[] untyped() {
            byte[] body = bytes.toByteArray();
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            writeInt(m, body.length + 4);
            m.writeBytes(body);
            return m.toByteArray();
        }

        private static void writeInt(ByteArrayOutputStream m, int v) {
            m.write(v >>> 24);
            m.write(v >>> 16);
            m.write(v >>> 8);
            m.write(v);
        }

        private interface IoStep {
            void run() throws IOException;
        }

        private Builder io(IoStep step) {
            try {
                step.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }
    }
}
