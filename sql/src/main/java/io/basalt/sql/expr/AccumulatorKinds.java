package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.Arithmetic;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;

/**
 * The accumulators behind the aggregate functions. Every aggregate but count skips null
 * inputs and yields null when it saw no input at all.
 */
final class AccumulatorKinds {
    private AccumulatorKinds() {
    }

    /** The first value added (null included): the value of a column the group key determines. */
    static Accumulator first() {
        return new Accumulator() {
            private Object value;
            private boolean any;

            @Override
            public void add(Object a, Object b) {
                if (!any) {
                    value = a;
                    any = true;
                }
            }

            @Override
            public Object result() {
                return value;
            }
        };
    }

    static Accumulator countStar() {
        return new Accumulator() {
            private long n;

            @Override
            public void add(Object a, Object b) {
                n++;
            }

            @Override
            public Object result() {
                return n;
            }
        };
    }

    static Accumulator count() {
        return new Accumulator() {
            private long n;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    n++;
                }
            }

            @Override
            public Object result() {
                return n;
            }
        };
    }

    /** array_agg over the text forms of the values, nulls kept: the array's text form, null for no rows. */
    static Accumulator arrayAgg() {
        return new Accumulator() {
            private java.util.List<String> elements;

            @Override
            public void add(Object a, Object b) {
                if (elements == null) {
                    elements = new java.util.ArrayList<>();
                }
                elements.add((String) a);
            }

            @Override
            public Object result() {
                return elements == null ? null : ArrayText.format(elements);
            }
        };
    }

    /** sum(interval), field by field; avg(interval): that sum divided by the count (interval_div). */
    static Accumulator intervalSum(boolean average) {
        return new Accumulator() {
            private io.basalt.sql.types.Interval sum;
            private long n;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    io.basalt.sql.types.Interval v = (io.basalt.sql.types.Interval) a;
                    sum = sum == null ? v : io.basalt.sql.types.IntervalArithmetic.add(sum, v);
                    n++;
                }
            }

            @Override
            public Object result() {
                if (sum == null || !average) {
                    return sum;
                }
                return io.basalt.sql.types.IntervalArithmetic.divide(sum, n);
            }
        };
    }

    /** sum(smallint), sum(integer): a bigint, which can still overflow (22003). */
    static Accumulator sumLong() {
        return new Accumulator() {
            private long sum;
            private boolean any;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    try {
                        sum = Math.addExact(sum, ((Number) a).longValue());
                    } catch (ArithmeticException e) {
                        throw new SqlException("22003", "bigint out of range");
                    }
                    any = true;
                }
            }

            @Override
            public Object result() {
                return any ? sum : null;
            }
        };
    }

    static Accumulator sumNumeric() {
        return new Accumulator() {
            private BigDecimal sum;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    BigDecimal v = a instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) a).longValue());
                    sum = sum == null ? v : sum.add(v);
                }
            }

            @Override
            public Object result() {
                return sum;
            }
        };
    }

    static Accumulator sumFloat(boolean real) {
        return new Accumulator() {
            private double sum;
            private boolean any;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    sum += ((Number) a).doubleValue();
                    any = true;
                }
            }

            @Override
            public Object result() {
                if (!any) {
                    return null;
                }
                return real ? (Object) (float) sum : (Object) sum;
            }
        };
    }

    /** avg of integers and numerics: numeric division of the sum by the count, scaled as PostgreSQL scales it. */
    static Accumulator avgNumeric() {
        return new Accumulator() {
            private final Accumulator sum = sumNumeric();
            private long n;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    sum.add(a, null);
                    n++;
                }
            }

            @Override
            public Object result() {
                return n == 0 ? null : Arithmetic.apply("/", sum.result(), SqlType.NUMERIC, n, SqlType.INT8);
            }
        };
    }

    static Accumulator avgFloat() {
        return new Accumulator() {
            private double sum;
            private long n;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    sum += ((Number) a).doubleValue();
                    n++;
                }
            }

            @Override
            public Object result() {
                return n == 0 ? null : sum / n;
            }
        };
    }

    /** min ({@code sign} -1) or max (1) under the type's ordering. */
    static Accumulator extreme(SqlType type, int sign) {
        return new Accumulator() {
            private Object best;

            @Override
            public void add(Object a, Object b) {
                if (a != null && (best == null || Integer.signum(Values.compare(a, best, type)) == sign)) {
                    best = a;
                }
            }

            @Override
            public Object result() {
                return best;
            }
        };
    }

    /** bool_and ({@code and} true) or bool_or. */
    static Accumulator bool(boolean and) {
        return new Accumulator() {
            private Boolean state;

            @Override
            public void add(Object a, Object b) {
                if (a != null) {
                    boolean v = (Boolean) a;
                    state = state == null ? v : (and ? state && v : state || v);
                }
            }

            @Override
            public Object result() {
                return state;
            }
        };
    }

    /** string_agg: values joined, each after the first preceded by its own row's delimiter. */
    static Accumulator stringAgg(boolean bytes) {
        return new Accumulator() {
            private StringBuilder text;
            private ByteArrayOutputStream raw;

            @Override
            public void add(Object a, Object b) {
                if (a == null) {
                    return;
                }
                if (bytes) {
                    if (raw == null) {
                        raw = new ByteArrayOutputStream();
                    } else if (b != null) {
                        raw.writeBytes((byte[]) b);
                    }
                    raw.writeBytes((byte[]) a);
                    return;
                }
                if (text == null) {
                    text = new StringBuilder();
                } else if (b != null) {
                    text.append((String) b);
                }
                text.append((String) a);
            }

            @Override
            public Object result() {
                return bytes ? (raw == null ? null : raw.toByteArray()) : (text == null ? null : text.toString());
            }
        };
    }
}
