"""Ledger client for Python agents: one module, pyzmq only, Python 3.9+.

Two ways to record a message with the Ledger daemon (see docs/PROTOCOL.md):

* ``LedgerPublisher`` -- PUSH to the daemon's PULL socket (default tcp://127.0.0.1:5557). Fire-and-forget: fast,
  but a message still buffered when the daemon dies is lost.
* ``LedgerClient`` -- DEALER to the daemon's ROUTER socket (default tcp://127.0.0.1:5558). ``send`` returns only
  after the daemon has written *and fsync'd* the message. A send with no ack within ``ack_timeout`` is resent with
  the *same Id*, so a retry is never stored twice: the daemon answers "duplicate" for an Id it already has, which
  counts as success. ``send_many`` keeps a window of messages in flight for throughput.

Both take optional CURVE settings: ``server_public_key`` (Z85 text, or the path of the daemon's ``.key`` file) and
``client_cert`` (the path of this agent's ``.key_secret`` file from ``ledger keygen`` or
``zmq.auth.create_certificates``).

Sockets are not thread-safe: use one publisher/client per thread.
"""

import datetime
import json
import os
import time
import uuid
from collections import deque
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

import zmq
import zmq.auth

__all__ = [
    "LedgerClient", "LedgerPublisher", "LedgerError", "LedgerTimeout", "LedgerRejected", "make_message", "uuid7",
]

DEFAULT_PULL_ENDPOINT = "tcp://127.0.0.1:5557"
DEFAULT_ACK_ENDPOINT = "tcp://127.0.0.1:5558"


class LedgerError(Exception):
    """Base of the failures of an acknowledged send."""

    def __init__(self, message_id: str, text: str):
        super().__init__(text)
        self.message_id = message_id


class LedgerTimeout(LedgerError):
    """No ack after every attempt; the message may or may not be stored (resend the same Id to find out)."""

    def __init__(self, message_id: str, attempts: int):
        super().__init__(message_id, f"no ack for message {message_id} after {attempts} attempt(s)")
        self.attempts = attempts


class LedgerRejected(LedgerError):
    """The daemon found the message invalid; it went to the dead-letter file, not the journal."""

    def __init__(self, message_id: str, reason: str):
        super().__init__(message_id, f"message {message_id} rejected by the daemon: {reason}")
        self.reason = reason


def uuid7() -> str:
    """A time-ordered UUIDv7 (RFC 9562) string; Python's uuid module has none before 3.14."""
    millis = time.time_ns() // 1_000_000
    rand = bytearray(os.urandom(10))
    rand[0] = 0x70 | (rand[0] & 0x0F)  # version 7
    rand[2] = 0x80 | (rand[2] & 0x3F)  # RFC 4122 variant
    return str(uuid.UUID(bytes=millis.to_bytes(6, "big") + bytes(rand)))


def _utc_now() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def make_message(speaker: str, message: str, *, id: Optional[str] = None, timestamp: Optional[str] = None,
                 role: str = "Agent", receiver: Optional[str] = None, message_type: Optional[str] = None,
                 context_id: Optional[str] = None, correlation_id: Optional[str] = None,
                 causation_id: Optional[str] = None, metadata: Optional[Mapping[str, Any]] = None,
                 conversation_type: int = 0) -> Dict[str, Any]:
    """Builds a message in the seed shape. The Id (UUIDv7) and Timestamp are fixed here, so resends reuse them."""
    if not speaker or not message:
        raise ValueError("speaker and message are required")
    result: Dict[str, Any] = {
        "Id": id or uuid7(),
        "Timestamp": timestamp or _utc_now(),
        "SpeakerName": speaker,
        "SpeakerRole": role,
        "Message": message,
        "ConversationType": conversation_type,
    }
    for key, value in (("Receiver", receiver), ("MessageType", message_type), ("ContextId", context_id),
                       ("CorrelationId", correlation_id), ("CausationId", causation_id)):
        if value is not None:
            result[key] = value
    if metadata is not None:
        result["Metadata"] = dict(metadata)
    return result


def _id_key(message: Mapping[str, Any]) -> Optional[str]:
    """The key holding the message's Id under any spelling the daemon accepts (Id, ID, id, event_id, eventId)."""
    for key, value in message.items():
        if key.replace("_", "").lower() in ("id", "eventid") and value not in (None, ""):
            return key
    return None


def _ensure_id(message: Mapping[str, Any]) -> Dict[str, Any]:
    """Gives a dict without an Id one now, so every attempt of it carries the same Id."""
    result = dict(message)
    if _id_key(result) is None:
        result["Id"] = uuid7()
    return result


def _message_id(message: Mapping[str, Any]) -> str:
    key = _id_key(message)
    return str(message[key]) if key is not None else ""


def _apply_curve(socket: zmq.Socket, server_public_key: Optional[Union[str, bytes]],
                 client_cert: Optional[str]) -> None:
    if server_public_key is None and client_cert is None:
        return
    if server_public_key is None or client_cert is None:
        raise ValueError("CURVE needs both server_public_key and client_cert")
    if isinstance(server_public_key, str) and os.path.exists(server_public_key):
        server_public_key, _ = zmq.auth.load_certificate(server_public_key)
    public, secret = zmq.auth.load_certificate(client_cert)
    if secret is None:
        raise ValueError(f"{client_cert} has no secret-key (pass the .key_secret file)")
    socket.curve_serverkey = server_public_key.encode("ascii") if isinstance(server_public_key, str) else server_public_key
    socket.curve_publickey = public
    socket.curve_secretkey = secret


class LedgerPublisher:
    """Fire-and-forget PUSH to the daemon's PULL socket. ``close`` waits up to ``linger_ms`` to flush."""

    def __init__(self, endpoint: str = DEFAULT_PULL_ENDPOINT, *, server_public_key: Optional[Union[str, bytes]] = None,
                 client_cert: Optional[str] = None, linger_ms: int = 5000, send_timeout_ms: int = 5000,
                 context: Optional[zmq.Context] = None):
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.PUSH)
        self._socket.setsockopt(zmq.LINGER, linger_ms)
        self._socket.setsockopt(zmq.SNDHWM, 10000)
        self._socket.setsockopt(zmq.SNDTIMEO, send_timeout_ms)
        _apply_curve(self._socket, server_public_key, client_cert)
        self._socket.connect(endpoint)

    def publish(self, prepared: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> str:
        """Queues one message (a prepared dict, or make_message keyword arguments such as speaker=, message=) and returns its Id.

        Raises zmq.Again when the send queue stays full for send_timeout_ms (the daemon is not reading)."""
        payload = _ensure_id(prepared) if prepared is not None else make_message(**fields)
        self._socket.send(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        return _message_id(payload)

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "LedgerPublisher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class LedgerClient:
    """Acknowledged sends over DEALER to the daemon's ROUTER: each returns after the daemon's fsync."""

    def __init__(self, endpoint: str = DEFAULT_ACK_ENDPOINT, *, ack_timeout: float = 5.0, max_attempts: int = 5,
                 server_public_key: Optional[Union[str, bytes]] = None, client_cert: Optional[str] = None,
                 context: Optional[zmq.Context] = None):
        if ack_timeout <= 0 or max_attempts < 1:
            raise ValueError("ack_timeout must be > 0 and max_attempts >= 1")
        self.ack_timeout = ack_timeout
        self.max_attempts = max_attempts
        self.resent = 0
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.setsockopt(zmq.SNDHWM, 100000)
        self._socket.setsockopt(zmq.RCVHWM, 100000)
        # Heartbeats notice a daemon that vanished without closing TCP, so libzmq reconnects.
        self._socket.setsockopt(zmq.HEARTBEAT_IVL, 1000)
        self._socket.setsockopt(zmq.HEARTBEAT_TIMEOUT, 5000)
        _apply_curve(self._socket, server_public_key, client_cert)
        self._socket.connect(endpoint)

    def send(self, prepared: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> Dict[str, Any]:
        """Sends one message (a prepared dict, or make_message keyword arguments such as speaker=, message=) and blocks until it is durable.

        Returns the ack {"Id", "Sequence", "Status": "stored"|"duplicate"}. Raises LedgerTimeout or LedgerRejected."""
        payload = _ensure_id(prepared) if prepared is not None else make_message(**fields)
        return self.send_many([payload])[0]

    def send_many(self, messages: Iterable[Mapping[str, Any]], window: int = 128) -> List[Dict[str, Any]]:
        """Sends messages with up to ``window`` in flight; returns their acks in input order.

        Raises the first LedgerTimeout/LedgerRejected met; messages sent before it may already be stored."""
        queue = deque()
        order: List[str] = []
        seen = set()
        for message in messages:
            payload = _ensure_id(message)
            message_id = _message_id(payload)
            if message_id in seen:
                raise ValueError(f"Id {message_id} appears twice in one send_many call")
            seen.add(message_id)
            order.append(message_id)
            queue.append((message_id, json.dumps(payload, ensure_ascii=False).encode("utf-8")))
        in_flight: Dict[str, list] = {}  # Id -> [payload, attempts, deadline]
        acks: Dict[str, Dict[str, Any]] = {}
        while queue or in_flight:
            while queue and len(in_flight) < window:
                message_id, data = queue.popleft()
                self._socket.send(data)
                in_flight[message_id] = [data, 1, time.monotonic() + self.ack_timeout]
            wait = max(0.0, min(state[2] for state in in_flight.values()) - time.monotonic())
            if self._socket.poll(int(wait * 1000) + 1, zmq.POLLIN):
                self._read_acks(in_flight, acks)
            now = time.monotonic()
            for message_id, state in in_flight.items():
                if state[2] > now:
                    continue
                if state[1] >= self.max_attempts:
                    raise LedgerTimeout(message_id, state[1])
                state[1] += 1
                state[2] = now + self.ack_timeout
                self.resent += 1
                self._socket.send(state[0])  # the same bytes, the same Id: never a second journal line
        return [acks[message_id] for message_id in order]

    def _read_acks(self, in_flight: Dict[str, list], acks: Dict[str, Dict[str, Any]]) -> None:
        while True:
            try:
                frames = self._socket.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            try:
                ack = json.loads(frames[-1])
            except ValueError:
                continue
            message_id = ack.get("Id") if isinstance(ack, dict) else None
            if message_id not in in_flight:
                continue  # a late ack of an attempt already settled
            status = ack.get("Status")
            if status == "rejected":
                raise LedgerRejected(message_id, ack.get("Error") or "no reason given")
            if status in ("stored", "duplicate"):
                del in_flight[message_id]
                acks[message_id] = {"Id": message_id, "Sequence": ack.get("Sequence"), "Status": status}

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> "LedgerClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
