"""Sends N acknowledged messages with ledger_client.LedgerClient and writes one "Id Status Sequence" line per ack.

usage: acked_sends.py ENDPOINT COUNT OUT_FILE [SERVER_KEY_FILE CLIENT_SECRET_FILE]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ledger_client import LedgerClient, make_message  # noqa: E402

endpoint, count, out_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
curve = {"server_public_key": sys.argv[4], "client_cert": sys.argv[5]} if len(sys.argv) > 5 else {}
with LedgerClient(endpoint, ack_timeout=5.0, max_attempts=5, **curve) as client:
    messages = [make_message("py-agent", f"python acked message {i}", context_id="py-burst",
                             metadata={"n": i}) for i in range(count)]
    acks = client.send_many(messages, window=128)
with open(out_file, "w") as out:
    for ack in acks:
        out.write(f"{ack['Id']} {ack['Status']} {ack['Sequence']}\n")
print(f"acked {len(acks)} resent {client.resent}")
