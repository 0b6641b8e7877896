"""PUSH COUNT messages: curve_push.py ENDPOINT COUNT PREFIX [SERVER_KEY_FILE CLIENT_SECRET_FILE] (no key files = plain text)."""
import json
import sys

import zmq
import zmq.auth

endpoint, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
context = zmq.Context()
push = context.socket(zmq.PUSH)
if len(sys.argv) > 5:
    server_public, _ = zmq.auth.load_certificate(sys.argv[4])
    client_public, client_secret = zmq.auth.load_certificate(sys.argv[5])
    push.curve_serverkey = server_public
    push.curve_publickey = client_public
    push.curve_secretkey = client_secret
push.connect(endpoint)
for i in range(count):
    push.send_string(json.dumps({"Id": f"{prefix}-{i}", "SpeakerName": prefix, "Message": f"curve test {i}"}))
# A refused handshake never completes, so the linger is what bounds this process's life.
push.close(linger=3000)
context.term()
print(f"queued {count}")
