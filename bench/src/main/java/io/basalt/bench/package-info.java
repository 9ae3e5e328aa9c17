/**
 * Closed-loop load generators used by the scripts under {@code bench/}: the same load, the same
 * latency accounting, against Basalt and against the baselines it is measured with.
 */
package io.basalt.bench;
