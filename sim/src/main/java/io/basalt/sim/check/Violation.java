package io.basalt.sim.check;

/** A checker's finding: which property broke, at what simulated time, and the evidence. */
public record Violation(String name, String details, long timeUs) {
    public String oneLine() {
        return name + " at " + timeUs / 1000 + "ms: " + details;
    }
}
