package io.basalt.sim.net;

/** A message in flight between two addresses (nodes first, then clients). */
public record Envelope(int from, int to, Object payload) {}
