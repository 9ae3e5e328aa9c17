package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * NUMERIC values as {@link BigDecimal}: input, output, the limits of PostgreSQL's format and
 * the NUMERIC(p,s) modifier. A value's scale is PostgreSQL's display scale (dscale) and is
 * never negative, so {@code 1.50} prints as {@code 1.50}. PostgreSQL's NaN and ±Infinity have
 * no BigDecimal form; Basalt rejects them with 0A000 rather than store a stand-in.
 */
final class NumericSupport {
    /** Decimal digits before the point PostgreSQL's format can hold (NUMERIC_WEIGHT_MAX + 1 groups of 4). */
    static final int INTEGER_DIGITS_MAX = 131072;
    /** NUMERIC_DSCALE_MAX: digits after the point. */
    static final int SCALE_MAX = 16383;
    /** An exponent beyond this cannot give a representable value, whatever the mantissa. */
    private static final int EXPONENT_ABS_MAX = 1_000_000;

    private static final Pattern SYNTAX = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private NumericSupport() {
    }

    static String format(BigDecimal v) {
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    /** numeric_in without a modifier: whitespace, sign, digits, optional point and exponent. */
    static BigDecimal parse(String text) {
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("nan") || lower.matches("[+-]?(inf|infinity)")) {
            throw new SqlException(TypeErrors.FEATURE_NOT_SUPPORTED,
                    "numeric value \"" + text + "\" is not supported: NaN and Infinity cannot be stored in numeric");
        }
        if (!SYNTAX.matcher(s).matches()) {
            throw TypeErrors.invalidSyntax("numeric", text);
        }
        int e = lower.indexOf('e');
        if (e >= 0) {
            String digits = s.substring(e + 1).replace("+", "").replace("-", "").replaceFirst("^0+(?=.)", "");
            if (digits.length() > 9 || Integer.parseInt(digits) > EXPONENT_ABS_MAX) {
                throw overflow();
            }
        }
        BigDecimal v = new BigDecimal(s);
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        return checkLimits(v);
    }

    static BigDecimal checkLimits(BigDecimal v) {
        if (v.scale() > SCALE_MAX || (v.signum() != 0 && v.precision() - v.scale() > INTEGER_DIGITS_MAX)) {
            throw overflow();
        }
        return v;
    }

    static SqlException overflow() {
        return new SqlException(TypeErrors.NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    }

    /**
     * apply_typmod: round half away from zero to the scale, then refuse a value whose
     * integer part needs more than precision - scale digits.
     */
    static BigDecimal applyTypmod(BigDecimal v, SqlType type) {
        if (v == null || type.precision() < 0) {
            return v;
        }
        int precision = type.precision();
        int scale = Math.max(type.scale(), 0);
        BigDecimal r = v.setScale(scale, RoundingMode.HALF_UP);
        int maxDigits = precision - scale;
        if (r.signum() != 0 && r.precision() - r.scale() > maxDigits) {
            String limit = maxDigits != 0 ? "10^" + maxDigits : "1";
            throw new SqlException(TypeErrors.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                    "A field with precision " + precision + ", scale " + scale
                            + " must round to an absolute value less than " + limit + ".",
                    null, 0, null);
        }
        return r;
    }
}
