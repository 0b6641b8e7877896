"""Creates CURVE certificates with pyzmq's zmq.auth (the ZPL format): make_certs.py DIR NAME..."""
import sys

import zmq.auth

directory = sys.argv[1]
for name in sys.argv[2:]:
    public_file, secret_file = zmq.auth.create_certificates(directory, name)
    print(public_file, secret_file)
