package io.basalt.sql.types;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * float4/float8 text forms as PostgreSQL 15 with the default extra_float_digits = 1: the
 * shortest decimal that reads back to the same bits, printed fixed-point when the decimal
 * exponent is in [-4, 15) for float8 or [-4, 6) for float4 and as {@code 1.5e+20} otherwise
 * (at least two exponent digits, like printf). The digits come from {@link ShortestDigits}.
 */
final class FloatText {
    private static final int FLOAT8_FIXED_EXPONENT_MAX = 15;
    private static final int FLOAT4_FIXED_EXPONENT_MAX = 6;
    private static final int FIXED_EXPONENT_MIN = -4;

    /** What strtod accepts in decimal: digits with an optional point and exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** strtod's hexadecimal form, which PostgreSQL therefore accepts too ('0x10'::float8 is 16). */
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");

    private FloatText() {
    }

    static String format(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        return layout(ShortestDigits.of(d), FLOAT8_FIXED_EXPONENT_MAX);
    }

    static String format(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        return layout(ShortestDigits.of(f), FLOAT4_FIXED_EXPONENT_MAX);
    }

    private static String layout(BigDecimal shortest, int fixedExponentMax) {
        BigDecimal v = shortest.stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        if (exponent >= FIXED_EXPONENT_MIN && exponent < fixedExponentMax) {
            return v.toPlainString();
        }
        String digits = v.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (v.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    static Double parseFloat8(String text) {
        return parse(text, false, "double precision");
    }

    static Float parseFloat4(String text) {
        return (float) (double) parse(text, true, "real");
    }

    /**
     * float8in/float4in: surrounding whitespace, the words NaN, Infinity and inf in any case,
     * otherwise strtod's syntax. A non-zero input that overflows to infinity or underflows to
     * zero is 22003, as strtod reports ERANGE for it.
     */
    private static Double parse(String text, boolean single, String typeName) {
        String s = strip(text);
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "infinity", "+infinity", "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-infinity", "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        double v;
        if (DECIMAL.matcher(s).matches()) {
            v = single ? Float.parseFloat(s) : Double.parseDouble(s);
        } else if (HEX.matcher(s).matches()) {
            String h = s.toLowerCase(Locale.ROOT).contains("p") ? s : s + "p0";
            v = single ? Float.parseFloat(h) : Double.parseDouble(h);
        } else {
            throw TypeErrors.invalidSyntax(typeName, text);
        }
        if (Double.isInfinite(v) || (v == 0 && hasNonZeroMantissa(s))) {
            throw new io.basalt.sql.api.SqlException(TypeErrors.NUMERIC_VALUE_OUT_OF_RANGE,
                    "\"" + text + "\" is out of range for type " + typeName);
        }
        return v;
    }

    private static boolean hasNonZeroMantissa(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        boolean hex = lower.contains("0x");
        int start = hex ? lower.indexOf('x') + 1 : 0;
        for (int i = start; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((!hex && c == 'e') || (hex && c == 'p')) {
                break;
            }
            if (Character.digit(c, hex ? 16 : 10) > 0) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String text) {
        int b = 0;
        int e = text.length();
        while (b < e && IntegerText.isSpace(text.charAt(b))) {
            b++;
        }
        while (e > b && IntegerText.isSpace(text.charAt(e - 1))) {
            e--;
        }
        return text.substring(b, e);
    }
}
