"""PUSH N seed-shaped messages to a Ledger PULL endpoint: push_messages.py ENDPOINT COUNT [PREFIX]."""
import json
import sys

import zmq

endpoint, count = sys.argv[1], int(sys.argv[2])
prefix = sys.argv[3] if len(sys.argv) > 3 else "msg"
context = zmq.Context()
push = context.socket(zmq.PUSH)
push.setsockopt(zmq.SNDHWM, 0)
push.connect(endpoint)
for i in range(count):
    push.send_string(json.dumps({
        "Id": f"{prefix}-{i}",
        "Timestamp": "2025-12-01T17:09:21.123Z",
        "SpeakerName": f"agent_{i % 7}",
        "SpeakerRole": "Agent",
        "Message": f"message {i} from python: café ☕ 日本",
        "ConversationType": 0,
        "ContextId": "ctx-python",
        "Metadata": {"seq": i},
    }))
push.close(linger=30000)
context.term()
print(f"sent {count}")
