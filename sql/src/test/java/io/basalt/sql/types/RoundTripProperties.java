package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.SqlException;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every value survives the binary and text wire forms exactly, and text input never fails
 * with anything but a SQL error.
 */
class RoundTripProperties {
    record Typed(SqlType type, Object value, ZoneId zone) {
        @Override
        public String toString() {
            return type + " " + SameValue.show(value) + " in " + zone;
        }
    }

    private static final ZoneId[] ZONES = {
        ZoneId.of("UTC"), ZoneId.of("Asia/Kolkata"), ZoneId.of("America/New_York"), ZoneId.of("Pacific/Chatham"),
        ZoneId.of("Europe/Paris"), ZoneId.of("Asia/Kathmandu")};

    @Provide
    Arbitrary<Typed> values() {
        return Arbitraries.of(ValueArbitraries.TYPES).flatMap(t -> ValueArbitraries.nullable(t)
                .flatMap(v -> Arbitraries.of(ZONES).map(z -> new Typed(t, v, z))));
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
    void binaryFormRoundTrips(@ForAll("values") Typed t) {
        Object back = BinaryCodec.decode(BinaryCodec.encode(t.value(), t.type()), t.type());
        assertThat(SameValue.same(back, t.value())).as("decoded %s", SameValue.show(back)).isTrue();
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
    void textFormRoundTrips(@ForAll("values") Typed t) {
        String text = TextCodec.format(t.value(), t.type(), t.zone());
        Object back = TextCodec.parse(text, t.type(), t.zone());
        assertThat(SameValue.same(back, t.value())).as("%s read back as %s", text, SameValue.show(back)).isTrue();
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<Character> chars = Arbitraries.of("0123456789-+:./ ,TtZzeE{}\\xabcdefjanpmbcinfyos".toCharArray());
        return Arbitraries.oneOf(chars.list().ofMaxSize(24).map(cs -> {
            StringBuilder sb = new StringBuilder();
            cs.forEach(sb::append);
            return sb.toString();
        }), Arbitraries.strings().ofMaxLength(24));
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
    void textInputFailsOnlyWithSqlErrors(@ForAll("junk") String text, @ForAll("types") SqlType type) {
        try {
            Object v = TextCodec.parse(text, type, ZoneId.of("UTC"));
            assertThat(v).isInstanceOf(type.kind().javaClass());
        } catch (SqlException e) {
            assertThat(e.sqlState()).matches("22...|0A000");
        }
    }

    @Provide
    Arbitrary<SqlType> types() {
        return Arbitraries.of(ValueArbitraries.TYPES);
    }
}
