package io.basalt.sql.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * PostgreSQL's binary numeric (numeric_send/numeric_recv): int16 ndigits, int16 weight,
 * uint16 sign (0x0000 positive, 0x4000 negative, 0xC000 NaN), int16 dscale, then ndigits
 * base-10000 digits, most significant first; the value is the sum of digit[i] * 10000^(weight - i).
 * Digit groups are aligned on the decimal point and leading and trailing zero groups are
 * left out, as PostgreSQL stores them.
 */
final class NumericBinary {
    private static final int SIGN_POSITIVE = 0x0000;
    private static final int SIGN_NEGATIVE = 0x4000;
    private static final int SIGN_NAN = 0xC000;
    private static final int DIGITS_PER_GROUP = 4;
    private static final BigInteger GROUP = BigInteger.valueOf(10_000);

    private NumericBinary() {
    }

    static byte[] encode(BigDecimal v) {
        int dscale = Math.max(v.scale(), 0);
        BigDecimal abs = v.abs();
        // Scale up to a whole number of 4-digit groups after the point, so groups align on it.
        int fractionGroups = (dscale + DIGITS_PER_GROUP - 1) / DIGITS_PER_GROUP;
        BigInteger whole = abs.movePointRight(fractionGroups * DIGITS_PER_GROUP).setScale(0, RoundingMode.UNNECESSARY).unscaledValue();
        int groupCount = 0;
        int[] reversed = new int[whole.bitLength() / 13 + 2];
        while (whole.signum() != 0) {
            BigInteger[] qr = whole.divideAndRemainder(GROUP);
            reversed[groupCount++] = qr[1].intValue();
            whole = qr[0];
        }
        // reversed[0] is the group of weight -fractionGroups; drop zero groups at both ends.
        int low = 0;
        while (low < groupCount && reversed[low] == 0) {
            low++;
        }
        int ndigits = groupCount - low;
        int weight = ndigits == 0 ? 0 : groupCount - 1 - fractionGroups;
        ByteBuffer out = ByteBuffer.allocate(8 + 2 * ndigits);
        out.putShort((short) ndigits);
        out.putShort((short) weight);
        out.putShort((short) (v.signum() < 0 ? SIGN_NEGATIVE : SIGN_POSITIVE));
        out.putShort((short) dscale);
        for (int k = groupCount - 1; k >= low; k--) {
            out.putShort((short) reversed[k]);
        }
        return out.array();
    }

    static BigDecimal decode(byte[] bytes) {
        if (bytes.length < 8) {
            throw TypeErrors.binaryFormat();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int ndigits = in.getShort() & 0xFFFF;
        int weight = in.getShort();
        int sign = in.getShort() & 0xFFFF;
        int dscale = in.getShort() & 0xFFFF;
        if (bytes.length != 8 + 2 * ndigits) {
            throw TypeErrors.binaryFormat();
        }
        if (sign == SIGN_NAN) {
            throw new io.basalt.sql.api.SqlException(TypeErrors.FEATURE_NOT_SUPPORTED,
                    "numeric NaN and Infinity cannot be stored in numeric");
        }
        if (sign != SIGN_POSITIVE && sign != SIGN_NEGATIVE) {
            throw new io.basalt.sql.api.SqlException(TypeErrors.INVALID_BINARY_REPRESENTATION,
                    "invalid sign in external \"numeric\" value");
        }
        if (dscale > NumericSupport.SCALE_MAX) {
            throw new io.basalt.sql.api.SqlException(TypeErrors.INVALID_BINARY_REPRESENTATION,
                    "invalid scale in external \"numeric\" value");
        }
        BigInteger whole = BigInteger.ZERO;
        for (int k = 0; k < ndigits; k++) {
            int d = in.getShort();
            if (d < 0 || d >= 10_000) {
                throw new io.basalt.sql.api.SqlException(TypeErrors.INVALID_BINARY_REPRESENTATION,
                        "invalid digit in external \"numeric\" value");
            }
            whole = whole.multiply(GROUP).add(BigInteger.valueOf(d));
        }
        // whole's last group has weight (weight - ndigits + 1).
        int lastWeight = weight - ndigits + 1;
        BigDecimal v = new BigDecimal(whole, -lastWeight * DIGITS_PER_GROUP);
        // numeric_recv truncates digits the display scale would hide.
        v = v.setScale(dscale, RoundingMode.DOWN);
        return NumericSupport.checkLimits(sign == SIGN_NEGATIVE ? v.negate() : v);
    }
}
