package io.basalt.sql.types;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The order-preserving key form of a numeric. A sign byte (negative 0x01, zero 0x02,
 * positive 0x03); for a non-zero value written as 0.d1d2...dn × 10^e with d1 ≠ 0 and dn ≠ 0,
 * then e as a sign-flipped big-endian int32 and the digits in pairs, each pair as one byte
 * 1..100 (a last lone digit is paired with 0), ended by 0x00. A larger exponent means a larger
 * magnitude, and at equal exponents the digit bytes compare like the digit strings (a prefix
 * sorts first thanks to the 0x00 end), so unsigned byte order is magnitude order. A negative
 * value has every byte after the sign inverted, reversing that order. Trailing zeros are not
 * written, so 1.0 and 1.00 have one key; the display scale does not survive the key.
 */
final class NumericKey {
    private static final int NEGATIVE = 0x01;
    private static final int ZERO = 0x02;
    private static final int POSITIVE = 0x03;
    private static final int DIGITS_END = 0x00;

    private NumericKey() {
    }

    static void encode(ByteSink out, BigDecimal v) {
        int sign = v.signum();
        if (sign == 0) {
            out.write(ZERO);
            return;
        }
        out.write(sign < 0 ? NEGATIVE : POSITIVE);
        int start = out.length();
        BigDecimal m = v.abs().stripTrailingZeros();
        String digits = m.unscaledValue().toString();
        int exponent = m.precision() - m.scale();
        out.writeInt(exponent ^ Integer.MIN_VALUE);
        for (int i = 0; i < digits.length(); i += 2) {
            int hi = digits.charAt(i) - '0';
            int lo = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
            out.write(hi * 10 + lo + 1);
        }
        out.write(DIGITS_END);
        if (sign < 0) {
            out.invertFrom(start);
        }
    }

    /** Reads one numeric written by {@link #encode}; {@code mask} 0xFF undoes a descending column's inversion. */
    static BigDecimal decode(ByteSource in, int mask) {
        int sign = in.read("numeric key sign") ^ mask;
        if (sign == ZERO) {
            return BigDecimal.ZERO;
        }
        if (sign != NEGATIVE && sign != POSITIVE) {
            throw TypeErrors.corrupted("numeric key sign byte " + sign);
        }
        int payloadMask = sign == NEGATIVE ? mask ^ 0xFF : mask;
        int exponent = in.readInt("numeric key exponent") ^ (payloadMask == 0 ? 0 : -1) ^ Integer.MIN_VALUE;
        StringBuilder digits = new StringBuilder();
        while (true) {
            int b = in.read("numeric key digits") ^ payloadMask;
            if (b == DIGITS_END) {
                break;
            }
            if (b > 100) {
                throw TypeErrors.corrupted("numeric key digit pair byte " + b);
            }
            int pair = b - 1;
            digits.append((char) ('0' + pair / 10)).append((char) ('0' + pair % 10));
        }
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        if (end == 0 || digits.charAt(0) == '0') {
            throw TypeErrors.corrupted("numeric key digits are not normalised");
        }
        long scale = (long) end - exponent;
        if (scale > NumericSupport.SCALE_MAX || scale < -NumericSupport.INTEGER_DIGITS_MAX) {
            throw TypeErrors.corrupted("numeric key exponent " + exponent + " out of range");
        }
        BigDecimal v = new BigDecimal(new BigInteger(digits.substring(0, end)), (int) scale);
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        return sign == NEGATIVE ? v.negate() : v;
    }
}
