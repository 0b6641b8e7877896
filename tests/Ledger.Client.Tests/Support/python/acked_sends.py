"""Sends N acknowledged messages with ledger_client.LedgerClient and writes one "Id Status Sequence" line per ack.

usage: acked_sends.py ENDPOINT COUNT OUT_FILE [SERVER_KEY_FILE CLIENT_SECRET_FILE] [--ack-timeout=SECONDS]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ledger_client import LedgerClient, make_message  # noqa: E402

options = [a for a in sys.argv[1:] if a.startswith("--")]
args = [a for a in sys.argv[1:] if not a.startswith("--")]
endpoint, count, out_file = args[0], int(args[1]), args[2]
curve = {"server_public_key": args[3], "client_cert": args[4]} if len(args) > 4 else {}
ack_timeout = 5.0
for option in options:
    if option.startswith("--ack-timeout="):
        ack_timeout = float(option.split("=", 1)[1])
with LedgerClient(endpoint, ack_timeout=ack_timeout, max_attempts=5, **curve) as client:
    messages = [make_message("py-agent", f"python acked message {i}", context_id="py-burst",
                             metadata={"n": i}) for i in range(count)]
    acks = client.send_many(messages, window=128)
with open(out_file, "w") as out:
    for ack in acks:
        out.write(f"{ack['Id']} {ack['Status']} {ack['Sequence']}\n")
print(f"acked {len(acks)} resent {client.resent}")
