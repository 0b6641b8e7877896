#!/usr/bin/env python3
"""Pushes an evenly spaced stream into a running Ledger daemon and prints what each message costs the daemon.

`ledger bench` measures latency with a client that sends in 1 ms ticks (bursts of ~20 at 20,000 msgs/s), so it
cannot show what a steady stream costs: there the daemon's threads wake about once per message or two, and on a VM
a wake-up (context switch, exits, the syscalls around it) is the main cost. This probe sends seed-shaped ~400-byte
messages at a fixed rate, evenly spaced (busy-wait pacing: the probe itself takes a core), and reads the daemon's
CPU time and context switches per thread from /proc/PID/task over the measured seconds (Linux only).

    python3 tools/bench/steady_stream.py --endpoint tcp://127.0.0.1:5557 --pid "$(pgrep -f Ledger.Daemon.dll)"

Prints one line per thread and a final JSON line: messages, rate, cpu_us_per_message, switches_per_message, threads.
See docs/PERFORMANCE.md, twelfth session.
"""
import argparse
import collections
import glob
import json
import os
import sys
import time

import zmq

TEXT = ("The lease service refactor is done and the API contract is stable for the scheduler. "
        "Tests are failing in the integration suite because the fixture database was not migrated. "
        "Deploying the canary to staging now; rollback plan is the previous container image. "
        "Can you review the caching layer before we raise the connection pool limits? "
        "Security scan flagged an outdated TLS library in the gateway; patching it today.")[:400]


def thread_usage(pid):
    """CPU ticks and context switches of every thread of pid, by thread name."""
    ticks, switches = collections.Counter(), collections.Counter()
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as comm:
                name = comm.read().strip()
            with open(task + "/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks[name] += int(fields[11]) + int(fields[12])  # utime + stime
            with open(task + "/status") as status:
                for line in status:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        switches[name] += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended between the listing and the read
    return ticks, switches


def push(socket, rate, seconds, first_index, run_id):
    """Sends for `seconds` at `rate`, each message at its own scheduled time; returns how many were sent."""
    prefix, suffix = json.dumps({"Id": "ID", "SpeakerName": "steady_stream", "SpeakerRole": "Agent",
                                 "Message": TEXT, "ContextId": "ctx-steady"}).split('"ID"')
    sent, start = 0, time.perf_counter()
    while True:
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return sent
        due = int(elapsed * rate)
        while sent < due:
            socket.send((prefix + f'"steady-{run_id}-{first_index + sent}"' + suffix).encode())
            sent += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoint", default="tcp://127.0.0.1:5557", help="the daemon's PULL endpoint")
    parser.add_argument("--pid", type=int, required=True, help="the daemon's process id (for /proc)")
    parser.add_argument("--rate", type=int, default=20_000, help="messages a second (default 20,000)")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds (default 5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds first (default 1)")
    args = parser.parse_args()
    if args.rate < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--rate must be ≥ 1, --seconds > 0, --warmup ≥ 0")
    if not os.path.isdir(f"/proc/{args.pid}/task"):
        parser.error(f"no process {args.pid} in /proc (Linux only)")

    context = zmq.Context()
    socket = context.socket(zmq.PUSH)
    socket.setsockopt(zmq.LINGER, 5000)
    socket.connect(args.endpoint)
    run_id = f"{os.getpid()}-{int(time.time())}"
    warm = push(socket, args.rate, args.warmup, 0, run_id)
    ticks_before, switches_before = thread_usage(args.pid)
    sent = push(socket, args.rate, args.seconds, warm, run_id)
    ticks_after, switches_after = thread_usage(args.pid)
    socket.close()
    context.term()

    microseconds_per_tick = 1e6 / os.sysconf("SC_CLK_TCK")
    threads = {}
    for name in ticks_after:
        cpu = (ticks_after[name] - ticks_before.get(name, 0)) * microseconds_per_tick / sent
        switches = (switches_after[name] - switches_before.get(name, 0)) / sent
        if cpu > 0 or switches > 0:
            threads[name] = {"cpu_us_per_message": round(cpu, 2), "switches_per_message": round(switches, 3)}
    for name, usage in sorted(threads.items(), key=lambda item: -item[1]["cpu_us_per_message"]):
        print(f"{name:20s} {usage['cpu_us_per_message']:7.2f} µs/msg {usage['switches_per_message']:6.3f} switches/msg")
    print(json.dumps({
        "messages": sent,
        "rate": round(sent / args.seconds),
        "cpu_us_per_message": round(sum(t["cpu_us_per_message"] for t in threads.values()), 2),
        "switches_per_message": round(sum(t["switches_per_message"] for t in threads.values()), 3),
        "threads": threads,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
