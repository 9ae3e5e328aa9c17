package io.basalt.pgwire;

import io.basalt.sql.api.CopyClient;
import io.basalt.sql.api.SqlException;

/**
 * The wire side of COPY for one connection: the engine calls it on the connection's thread,
 * and it reads the next messages of the inbox itself while a COPY FROM STDIN runs. During
 * copy-in CopyData is data, CopyDone ends it, CopyFail fails the statement with 57014, Flush
 * and Sync are ignored (the protocol lets clients send them unawares), and any other message
 * fails the statement with 08P01 and is dropped, as PostgreSQL does. Socket events, Terminate
 * and malformed bytes fail the statement and are handed back to the connection, which then
 * closes as it would have without the COPY.
 */
final class CopyStream implements CopyClient {
    /** The connection's inbox as the copy sees it. */
    interface Source {
        /** The next message or socket event, waiting for it; 57P01 if the thread is interrupted. */
        Inbound take();

        /** Makes {@code in} the next thing {@link #take} returns, for the connection to handle. */
        void putBack(Inbound in);
    }

    private final Source source;
    private final Outbound out;
    private boolean copyingIn;

    CopyStream(Source source, Outbound out) {
        this.source = source;
        this.out = out;
    }

    @Override
    public void beginCopyIn(int columns) {
        BackendMessages.copyResponse(out.buffer(), 'G', columns);
        out.flush();
        copyingIn = true;
    }

    @Override
    public byte[] read() {
        if (!copyingIn) {
            throw new IllegalStateException("read() outside COPY FROM STDIN");
        }
        while (true) {
            Inbound in = source.take();
            switch (in) {
                case FrontendMessage.CopyData d -> {
                    return d.data();
                }
                case FrontendMessage.CopyDone d -> {
                    copyingIn = false;
                    return null;
                }
                case FrontendMessage.CopyFail f -> {
                    copyingIn = false;
                    throw new SqlException("57014", "COPY from stdin failed: " + f.message());
                }
                case FrontendMessage.Flush f -> {
                }
                case FrontendMessage.Sync s -> {
                }
                case ChannelEvent e -> throw handBack(in, "08006", "connection lost during COPY from stdin");
                case FrontendMessage.Terminate t -> throw handBack(in, "08P01", "client terminated during COPY from stdin");
                case FrontendMessage.Malformed m -> throw handBack(in, "08P01", m.reason());
                case FrontendMessage m -> {
                    copyingIn = false;
                    throw new SqlException("08P01", String.format("unexpected message type 0x%02X during COPY from stdin",
                        (int) typeOf(m)));
                }
            }
        }
    }

    @Override
    public void beginCopyOut(int columns) {
        BackendMessages.copyResponse(out.buffer(), 'H', columns);
    }

    @Override
    public void write(byte[] data) {
        BackendMessages.copyData(out.buffer(), data);
        out.messageAppended();
    }

    @Override
    public void endCopyOut() {
        BackendMessages.empty(out.buffer(), 'c');
    }

    private SqlException handBack(Inbound in, String sqlState, String message) {
        copyingIn = false;
        source.putBack(in);
        return new SqlException(sqlState, message);
    }

    /** The message's type byte, for the error naming it. */
    private static char typeOf(FrontendMessage m) {
        return switch (m) {
            case FrontendMessage.Query q -> 'Q';
            case FrontendMessage.Parse p -> 'P';
            case FrontendMessage.Bind b -> 'B';
            case FrontendMessage.Describe d -> 'D';
            case FrontendMessage.Execute e -> 'E';
            case FrontendMessage.Close c -> 'C';
            case FrontendMessage.PasswordMessage p -> 'p';
            case FrontendMessage.FunctionCall f -> 'F';
            default -> '?';
        };
    }
}
