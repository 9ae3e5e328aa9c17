package io.basalt.sql.api;

/**
 * The client's side of COPY's sub-protocol, offered by the front end and driven by the engine
 * on the connection's own thread: COPY FROM STDIN pulls the client's bytes from it as the
 * statement needs them, COPY TO STDOUT pushes rows into it. Only the text format (0) is
 * spoken on the wire; CSV is text too.
 */
public interface CopyClient {
    /** Tells the client to start sending data for {@code columns} columns (CopyInResponse). */
    void beginCopyIn(int columns);

    /**
     * The next bytes the client sent, cut wherever the client cut them (not at rows), or null
     * once the client said it is done (CopyDone). Throws 57014 when the client gave up
     * (CopyFail) and 08P01 when it sent something that has no place in a copy.
     */
    byte[] read();

    /** Tells the client that rows of {@code columns} columns follow (CopyOutResponse). */
    void beginCopyOut(int columns);

    /** Sends one piece of output (CopyData): a row, or the header line. */
    void write(byte[] data);

    /** Ends the output (CopyDone). */
    void endCopyOut();
}
