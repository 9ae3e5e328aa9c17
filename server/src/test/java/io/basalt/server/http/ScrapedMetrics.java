package io.basalt.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of the Prometheus text format, parsed the way a scraper reads it: one sample per
 * line, {@code name{label="value",...} number}, comments skipped. A malformed line fails the
 * parse, so a test that scrapes also checks the format.
 */
public final class ScrapedMetrics {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private ScrapedMetrics(List<Sample> samples) {
        this.samples = samples;
    }

    public static ScrapedMetrics parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(sample(line));
        }
        return new ScrapedMetrics(out);
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The value of the one sample named {@code name}. */
    public double value(String name) {
        return value(name, Map.of());
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    public double value(String name, Map<String, String> labels) {
        return one(name, labels).value();
    }

    /** Every label of the one sample named {@code name} whose labels include {@code labels}. */
    public Map<String, String> labels(String name, Map<String, String> labels) {
        return one(name, labels).labels();
    }

    private Sample one(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name)
            && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + labels + ": " + found);
        }
        return found.getFirst();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (space < 0) {
            throw new AssertionError("not a sample line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int close = line.lastIndexOf('}');
            String body = line.substring(brace + 1, close);
            int i = 0;
            while (i < body.length()) {
                int eq = body.indexOf("=\"", i);
                int end = eq + 2;
                StringBuilder v = new StringBuilder();
                while (body.charAt(end) != '"') {
                    if (body.charAt(end) == '\\') {
                        end++;
                    }
                    v.append(body.charAt(end));
                    end++;
                }
                labels.put(body.substring(i, eq), v.toString());
                i = end + 1;
                if (i < body.length() && body.charAt(i) == ',') {
                    i++;
                }
            }
        } else {
            name = line.substring(0, space);
        }
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new AssertionError("not a metric name: " + name + " in " + line);
        }
        return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    }
}
