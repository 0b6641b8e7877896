"""PUB bound on ENDPOINT: sends probes until GO_FILE exists (the slow-joiner handshake), then COUNT messages with TOPIC."""
import json
import os
import sys
import time

import zmq

endpoint, go_file, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
context = zmq.Context()
pub = context.socket(zmq.PUB)
pub.bind(endpoint)
deadline = time.time() + 30
probe = 0
while not os.path.exists(go_file):
    if time.time() > deadline:
        sys.exit("no go file: the subscriber never received a probe")
    pub.send_multipart([b"probe", json.dumps({"SpeakerName": "probe", "Message": f"probe {probe}"}).encode()])
    probe += 1
    time.sleep(0.05)
for i in range(count):
    pub.send_multipart([topic.encode(), json.dumps({"Id": f"pub-{i}", "SpeakerName": "broker", "Message": f"published {i}"}).encode()])
time.sleep(0.5)
pub.close(linger=5000)
context.term()
print(f"published {count} after {probe} probes")
