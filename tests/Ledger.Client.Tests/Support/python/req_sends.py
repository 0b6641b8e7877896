"""Sends frames one at a time over a REQ socket (the lockstep peer) and writes each raw ack payload as one line.

usage: req_sends.py ENDPOINT OUT_FILE FRAME...
Each FRAME is sent as it is (UTF-8); REQ puts ["", frame] on the wire and strips the "" from the reply.
"""
import sys

import zmq

endpoint, out_file, frames = sys.argv[1], sys.argv[2], sys.argv[3:]
context = zmq.Context()
socket = context.socket(zmq.REQ)
socket.setsockopt(zmq.LINGER, 0)
socket.connect(endpoint)
replies = []
for frame in frames:
    socket.send(frame.encode("utf-8"))
    if not socket.poll(10_000):
        sys.exit(f"no ack within 10 s for {frame[:60]!r}")
    parts = socket.recv_multipart()
    if len(parts) != 1:
        sys.exit(f"expected one frame after REQ strips the envelope, got {len(parts)}")
    replies.append(parts[0].decode("utf-8"))
socket.close()
context.term()
with open(out_file, "w", encoding="utf-8") as out:
    for reply in replies:
        out.write(reply + "\n")
print(f"req acks {len(replies)}")
