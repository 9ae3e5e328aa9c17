#!/usr/bin/env python3
"""Round trip of one byte between two processes pinned to given CPUs, after an idle gap.

A replicated write crosses a dozen thread hand-offs (client, I/O loops, group loops, log
writers, on three nodes); on a virtual machine a hand-off to a thread whose CPU sleeps can cost
far more than on bare metal. This measures that cost on the machine, as a floor under the
single-client latency figures of BENCHMARKS.md.

Usage: bench/wakeup-latency.py [--rounds 1000] [--gap-us 2000] [--cpus 0,1]
"""
import argparse
import os
import time


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=1000)
    p.add_argument("--gap-us", type=int, default=2000, help="idle time before each round trip")
    p.add_argument("--cpus", default="0,1", help="the CPUs of the two processes, e.g. 0,0 or 0,1")
    a = p.parse_args()
    ca, cb = (int(c) for c in a.cpus.split(","))
    r1, w1 = os.pipe()
    r2, w2 = os.pipe()
    if os.fork() == 0:
        os.sched_setaffinity(0, {cb})
        for _ in range(a.rounds):
            os.read(r1, 1)
            os.write(w2, b"x")
        os._exit(0)
    os.sched_setaffinity(0, {ca})
    rtt = []
    for _ in range(a.rounds):
        time.sleep(a.gap_us / 1e6)
        start = time.perf_counter_ns()
        os.write(w1, b"x")
        os.read(r2, 1)
        rtt.append(time.perf_counter_ns() - start)
    os.wait()
    rtt.sort()
    n = len(rtt)
    print("cpus %d->%d gap_us=%d rounds=%d round_trip_us p50=%d p90=%d p99=%d"
          % (ca, cb, a.gap_us, n, rtt[n // 2] // 1000, rtt[n * 9 // 10] // 1000, rtt[n * 99 // 100] // 1000))


if __name__ == "__main__":
    main()
