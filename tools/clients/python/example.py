#!/usr/bin/env python3
"""Records a short agent conversation with the Ledger daemon (start it first: ./manage.sh start).

    python3 example.py                      # plain text, default endpoints
    python3 example.py --server-key daemon.key --cert agent.key_secret   # CURVE
"""

import argparse

from ledger_client import LedgerClient, LedgerPublisher, LedgerTimeout, make_message


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ack-endpoint", default="tcp://127.0.0.1:5558")
    parser.add_argument("--pull-endpoint", default="tcp://127.0.0.1:5557")
    parser.add_argument("--server-key", help="the daemon's public certificate (.key) for CURVE")
    parser.add_argument("--cert", help="this agent's secret certificate (.key_secret) for CURVE")
    args = parser.parse_args()
    curve = {"server_public_key": args.server_key, "client_cert": args.cert} if args.server_key else {}

    # Fire-and-forget: status chatter where losing a line on a crash is acceptable.
    with LedgerPublisher(args.pull_endpoint, **curve) as publisher:
        publisher.publish(speaker="planner", message="Starting the lease design review", message_type="status")

    # Acknowledged: decisions that must survive a crash. send() returns after the daemon's fsync.
    with LedgerClient(args.ack_endpoint, ack_timeout=2.0, max_attempts=5, **curve) as client:
        try:
            ack = client.send(speaker="architect", message="Decision: leases expire after 30 s",
                              receiver="planner", message_type="decision", context_id="lease-review")
            print(f"stored as sequence {ack['Sequence']} ({ack['Status']})")
            conversation = [
                make_message("planner", f"Step {i}: checked", context_id="lease-review") for i in range(1, 4)
            ]
            for ack in client.send_many(conversation):
                print(f"{ack['Id']} -> {ack['Sequence']}")
        except LedgerTimeout as timeout:
            print(f"the daemon did not answer: {timeout}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
