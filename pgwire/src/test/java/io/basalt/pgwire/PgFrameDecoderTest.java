package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing, independent of where the network splits the bytes. */
class PgFrameDecoderTest {
    private static List<Object> decode(byte[] stream, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new PgFrameDecoder(1 << 20, 10_000));
        for (int i = 0; i < stream.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, i, Math.min(chunk, stream.length - i)));
        }
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            out.add(m);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void sameMessagesWhateverTheChunking() {
        byte[] stream = concat(RawPgClient.untyped(80877103), RawPgClient.startup(3, 0, "user", "u"),
            RawPgClient.query("SELECT 1"), RawPgClient.parse("s", "SELECT $1", 23),
            RawPgClient.bind("p", "s", new short[] {1}, new byte[][] {{0, 0, 0, 1}}, (short) 1),
            RawPgClient.execute("p", 10), RawPgClient.sync(), RawPgClient.terminate());
        List<String> whole = decode(stream, stream.length).stream().map(Object::getClass).map(Class::getSimpleName).toList();
        assertThat(whole).containsExactly("SslRequest", "Startup", "Query", "Parse", "Bind", "Execute", "Sync", "Terminate");
        for (int chunk = 1; chunk < 12; chunk++) {
            assertThat(decode(stream, chunk).stream().map(Object::getClass).map(Class::getSimpleName).toList())
                .as("chunks of %d bytes", chunk).isEqualTo(whole);
        }
    }

    @Test
    void everyGrammarErrorIsOneMalformedAndThenNothing() {
        byte[] startup = RawPgClient.startup(3, 0, "user", "u");
        byte[][] bad = {
            {'Q', 0, 0, 0, 6, 'a', 'b'},                  // no NUL
            {'Q', 0, 0, 0, 6, (byte) 0xC3, 0},            // invalid UTF-8
            {'Q', 0, 0, 0, 3},                            // length below 4
            {'P', 0, 0, 0, 8, 0, 0, (byte) 0xFF, (byte) 0xFF}, // negative count
            {'S', 0, 0, 0, 5, 0},                         // trailing byte
            {'D', 0, 0, 0, 6, 'X', 0},                    // bad target
            {'S', 0x7F, 0, 0, 0},                         // above the small-message cap
            {'?', 0, 0, 0, 4},                            // unknown type
        };
        for (byte[] b : bad) {
            List<Object> out = decode(concat(startup, b, RawPgClient.sync()), 1);
            assertThat(out).hasSize(2);
            assertThat(out.get(1)).isInstanceOf(FrontendMessage.Malformed.class);
        }
    }

    @Test
    void badStartupLengthsAreMalformed() {
        for (int len : new int[] {0, 7, 10_001, -5}) {
            byte[] b = java.nio.ByteBuffer.allocate(8).putInt(len).putInt(196608).array();
            assertThat(decode(b, 8)).singleElement().isInstanceOf(FrontendMessage.Malformed.class);
        }
    }
}
