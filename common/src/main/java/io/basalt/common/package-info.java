/**
 * Shared vocabulary of every Basalt module: node and group identifiers, the seeded random
 * source and run-time invariants. Nothing here performs I/O, reads the wall clock or starts
 * threads; the environment reaches the deterministic core only through its inputs.
 */
package io.basalt.common;
