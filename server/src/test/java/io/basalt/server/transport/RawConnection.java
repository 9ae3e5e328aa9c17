package io.basalt.server.transport;

import io.basalt.server.proto.NodeProto;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/** A plain socket to the node port, for sending well-formed and malformed bytes alike. */
public final class RawConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    public RawConnection(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(NodeProto.Frame frame) throws IOException {
        byte[] body = frame.toByteArray();
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    public NodeProto.Frame receive() throws IOException {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        return NodeProto.Frame.parseFrom(body);
    }

    /** True once the node closed the connection (reads end); blocks up to the read timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            while (true) {
                int length = in.readInt();
                in.skipNBytes(length);
            }
        } catch (EOFException | SocketException closed) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
