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

Record sched:sched_waking as well (`-e sched:sched_switch -e sched:sched_waking`) and it also finds the slow
wake-ups: a thread on a message's path (--wake-threads, by name prefix) that took --slow-wake-ms or longer from being
woken to running, and what the CPU it then ran on was doing when it was woken. "idle" there means the guest had
nothing to run on that CPU: the wait was the host's, which had not run that virtual CPU (twenty-fourth session). It
splits the messages at or above the p99 by what most of their wait (sent to acked) overlapped: a window, a slow
wake-up onto an idle CPU, one behind a busy CPU, a slow I/O wait, or none of these.
"""
import argparse
import csv
import re
import sys

# Thread names may hold spaces (".NET Tiered Com"): take each name up to its pid field.
SWITCH = re.compile(r"prev_comm=(?P<prev>.*?) prev_pid=(?P<prev_pid>\d+) .*?prev_state=(?P<state>\S+) .*"
                    r"next_comm=(?P<next>.*?) next_pid=(?P<pid>\d+)")
# sched_waking and sched_wakeup print the same fields: with `-F ...,event,...` a sched_wakeup line is skipped, without
# it every such line is taken as a waking (record sched_waking only).
WAKING = re.compile(r"(?:sched:sched_waking: )?comm=(?P<comm>.*?) pid=(?P<pid>\d+) prio=\d+ target_cpu=\d+")


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def read_timeline(path):
    with open(path, newline="") as f:
        rows = [(int(r["sent_ticks"]) / 1e9, float(r["latency_ms"])) for r in csv.DictReader(f)]
    if not rows:
        raise ValueError(f"{path}: no messages")
    return sorted(rows)


def read_trace(path, prefixes, wake_prefixes, slow_wake_seconds):
    """From `perf script -F time,cpu[,event],trace`: (start, end) of every stretch a thread whose name starts with one
    of prefixes ran; every wake-up of a thread named by wake_prefixes that took slow_wake_seconds or longer to
    run, as (woken at, running at, thread, what its CPU ran when it was woken); and every uninterruptible sleep (D:
    I/O, such as an fsync) of such a thread that long or longer, as (slept at, woken at, thread)."""
    runs, running = [], {}
    current = {}  # CPU -> the thread it runs, from the switches seen so far
    woken = {}  # pid -> (woken at, thread, what each CPU ran then), until the thread next runs
    blocked = {}  # pid -> when it went to sleep in D, until it is woken
    slow_wakes, slow_io = [], []
    wakings = 0  # of the threads on the path: none means the trace has no sched_waking
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or not parts[0].startswith("[") or not parts[1].rstrip(":").replace(".", "", 1).isdigit():
                continue
            cpu, at = parts[0], float(parts[1].rstrip(":"))
            switch = SWITCH.search(line)
            if switch is None:
                waking = WAKING.search(line)
                if waking is not None and "sched_wakeup:" not in line and any(waking.group("comm").startswith(p) for p in wake_prefixes):
                    slept = blocked.pop(waking.group("pid"), None)
                    if slept is not None and at - slept >= slow_wake_seconds:
                        slow_io.append((slept, at, waking.group("comm")))
                    wakings += 1
                    woken.setdefault(waking.group("pid"), (at, waking.group("comm"), dict(current)))
                continue
            prev, nxt = switch.group("prev"), switch.group("next")
            if any(prev.startswith(p) for p in prefixes) and cpu in running:
                runs.append((running.pop(cpu), at))
            if any(nxt.startswith(p) for p in prefixes):
                running[cpu] = at
            wake = woken.pop(switch.group("pid"), None)
            if wake is not None and at - wake[0] >= slow_wake_seconds:
                slow_wakes.append((wake[0], at, wake[1], wake[2].get(cpu, "?")))
            if switch.group("state").startswith("D") and any(prev.startswith(p) for p in wake_prefixes):
                blocked[switch.group("prev_pid")] = at
            current[cpu] = nxt
    return sorted(runs), sorted(slow_wakes), sorted(slow_io), wakings


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
    parser.add_argument("--wake-threads", default="ledger-,ZMQbg/,dotnet,python",
                        help="comma-separated name prefixes of the threads on a message's path whose wake-ups count "
                             "(default: the daemon's, libzmq's I/O threads, the bench's and a python client's)")
    parser.add_argument("--slow-wake-ms", type=float, default=1.0, help="a wake-up this slow or slower counts (default 1)")
    args = parser.parse_args()
    try:
        messages = read_timeline(args.timeline)
        runs, slow_wakes, slow_io, wakings = read_trace(args.sched, [t for t in args.threads.split(",") if t],
                                      [t for t in args.wake_threads.split(",") if t], args.slow_wake_ms / 1000)
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
    in_run = [w for w in slow_wakes if first - 0.1 <= w[0] <= last + 0.1]
    print_slow_wakes(messages, p99, windows, in_run, [w for w in slow_io if first - 0.1 <= w[0] <= last + 0.1],
                     args.slow_wake_ms, wakings > 0)
    return 0


def is_idle(thread):
    return thread.startswith("swapper")


def print_slow_wakes(messages, p99, windows, slow_wakes, slow_io, slow_wake_ms, traced_wakings):
    """The slow wake-ups by thread and what their CPU ran, the slow I/O waits, and the tail split by what each slow
    message was in."""
    print(f"wake-ups of {slow_wake_ms:g} ms or longer on a message's path: {len(slow_wakes)}"
          + ("" if traced_wakings else " (none, or the trace has no sched_waking)"))
    kinds = {}
    for _, _, thread, cpu_ran in slow_wakes:
        kind = (thread, "onto an idle CPU" if is_idle(cpu_ran) else f"behind {cpu_ran}")
        kinds[kind] = kinds.get(kind, 0) + 1
    for (thread, where), count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {count:5d}  {thread} {where}")
    if not traced_wakings:
        return
    print(f"uninterruptible sleeps (I/O) of {slow_wake_ms:g} ms or longer on a message's path: {len(slow_io)}"
          + (f", longest {1000 * max(woken - slept for slept, woken, _ in slow_io):.2f} ms" if slow_io else ""))

    # What each slow message waited across, by the longest overlap with its wait (sent to acked): one cause a
    # message, though a bad minute piles them up (a long fsync delays the wake-ups queued behind it).
    causes = [(start, end, "in a window") for start, end, _ in windows]
    causes += [(woken, running, "a slow wake-up onto an idle CPU" if is_idle(cpu_ran) else "a slow wake-up behind a busy CPU")
               for woken, running, _, cpu_ran in slow_wakes]
    causes += [(slept, woken, "a slow I/O wait") for slept, woken, _ in slow_io]
    split = {"in a window": 0, "a slow wake-up onto an idle CPU": 0, "a slow wake-up behind a busy CPU": 0,
             "a slow I/O wait": 0, "none of these": 0}
    for t, latency in messages:
        if latency < p99:
            continue
        acked = t + latency / 1000
        overlaps = [(min(end, acked) - max(start, t), kind) for start, end, kind in causes if start <= acked and t <= end]
        split[max(overlaps)[1] if overlaps else "none of these"] += 1
    print("messages >= p99 by what most of their wait overlapped: " + "; ".join(f"{name} {count}" for name, count in split.items()))


if __name__ == "__main__":
    sys.exit(main())
