#!/usr/bin/env python3
"""How much of a latency run's tail fell in the windows where given kernel threads ran.

The bench's latency client writes each measured message's send and ack time (CLOCK_MONOTONIC ticks) with
`ledger bench --timeline FILE`. Record the scheduler's switches over the same seconds on the same clock:

    perf record -a -k CLOCK_MONOTONIC -e sched:sched_switch -o sched.data -- sleep 5
    perf script -i sched.data -F time,cpu,trace > sched.txt

then:

    python3 tools/bench/latency_windows.py --timeline timeline.csv --sched sched.txt [--threads kdamond]

It finds each time one of the threads (by name prefix) ran, joins runs less than 20 ms apart into one window, and
prints, for each window, its length, the thread's time on a CPU in it and how many messages at or above the p99
were sent within --before-ms before it to --after-ms after it; then p50/p99/p99.9 over all messages and over those
sent outside every window. On the VM Ledger was measured on, DAMON's kdamond explained most of the p99
(docs/PERFORMANCE.md, eighteenth session).
"""
import argparse
import csv
import re
import sys

# Thread names may hold spaces (".NET Tiered Com"): take each name up to its pid field.
SWITCH = re.compile(r"prev_comm=(?P<prev>.*?) prev_pid=.*next_comm=(?P<next>.*?) next_pid=")


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def read_timeline(path):
    with open(path, newline="") as f:
        rows = [(int(r["sent_ticks"]) / 1e9, float(r["latency_ms"])) for r in csv.DictReader(f)]
    if not rows:
        raise ValueError(f"{path}: no messages")
    return sorted(rows)


def read_runs(path, prefixes):
    """(start, end) of every stretch a thread whose name starts with one of prefixes ran, from `perf script -F time,cpu,trace`."""
    runs, running = [], {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or not parts[0].startswith("[") or not parts[1].rstrip(":").replace(".", "", 1).isdigit():
                continue
            switch = SWITCH.search(line)
            if switch is None:
                continue
            cpu, at = parts[0], float(parts[1].rstrip(":"))
            prev, nxt = switch.group("prev"), switch.group("next")
            if any(prev.startswith(p) for p in prefixes) and cpu in running:
                runs.append((running.pop(cpu), at))
            if any(nxt.startswith(p) for p in prefixes):
                running[cpu] = at
    return sorted(runs)


def windows_of(runs, join_seconds=0.020):
    windows = []
    for start, end in runs:
        if windows and start - windows[-1][1] < join_seconds:
            windows[-1][1] = max(windows[-1][1], end)
            windows[-1][2] += end - start
        else:
            windows.append([start, end, end - start])
    return windows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeline", required=True, help="CSV from `ledger bench --timeline`")
    parser.add_argument("--sched", required=True, help="`perf script -F time,cpu,trace` of sched:sched_switch, recorded with -k CLOCK_MONOTONIC")
    parser.add_argument("--threads", default="kdamond", help="comma-separated thread name prefixes (default kdamond)")
    parser.add_argument("--before-ms", type=float, default=6.0, help="a message sent this long before a window counts as in it (default 6)")
    parser.add_argument("--after-ms", type=float, default=2.0, help="and this long after its end (default 2)")
    args = parser.parse_args()
    try:
        messages = read_timeline(args.timeline)
        runs = read_runs(args.sched, [t for t in args.threads.split(",") if t])
    except (OSError, ValueError, KeyError) as e:
        print(f"latency_windows: {e}", file=sys.stderr)
        return 1
    first, last = messages[0][0], messages[-1][0]
    # Windows that overlap the run, including one that began before its first message.
    windows = [w for w in windows_of(runs) if w[1] >= first - 0.1 and w[0] <= last + 0.1]
    latencies = sorted(l for _, l in messages)
    p99 = percentile(latencies, 99)
    before, after = args.before_ms / 1000, args.after_ms / 1000

    def inside(t):
        return any(w[0] - before <= t <= w[1] + after for w in windows)

    slow = [t for t, l in messages if l >= p99]
    print(f"{len(messages)} messages, p99 {p99:.2f} ms; {len(windows)} windows of {args.threads} in the run")
    for start, end, on_cpu in windows:
        near = sum(1 for t in slow if start - before <= t <= end + after)
        print(f"  at +{start - first:7.3f} s: {1000 * (end - start):5.1f} ms long, {1000 * on_cpu:5.2f} ms on a CPU; messages >= p99 sent in it: {near}")
    print(f"messages >= p99 sent in a window: {sum(1 for t in slow if inside(t))} of {len(slow)}")
    outside = sorted(l for t, l in messages if not inside(t))
    for name, values in (("all messages", latencies), ("sent outside the windows", outside)):
        if values:
            print(f"{name}: n {len(values)}, p50 {percentile(values, 50):.2f}, p99 {percentile(values, 99):.2f}, p99.9 {percentile(values, 99.9):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
