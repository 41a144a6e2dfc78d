"""A webhook receiver for the tests: a real HTTP server on a free port, in a thread.

It keeps every request (headers and raw body) and answers with the statuses it is told to:
`answers` is a list consumed one per request (then 200), `delay_seconds` holds each answer.
It checks each signature as a receiver would, and "processes" an event id once, dropping
repeats by id (what the event id is for).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from backoffice.webhooks import signing


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int = 200  # what the receiver answered

    @property
    def document(self) -> dict:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return self.document["id"]

    def signed_by(self, secret: str) -> bool:
        return signing.signature_verify(
            secret=secret, header=self.headers.get(signing.SIGNATURE_HEADER, ""), body=self.body
        )


@dataclass
class Receiver:
    port: int = 0
    requests: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    delay_seconds: float = 0.0
    body: bytes = b'{"ok": true}'
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def processed(self, secret: str) -> dict[str, Received]:
        """Each validly signed event once, by id, as a receiver dropping repeats keeps them."""
        kept: dict[str, Received] = {}
        with self.lock:
            for request in self.requests:
                if request.signed_by(secret) and request.status < 300:
                    kept.setdefault(request.event_id, request)
        return kept


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            with receiver.lock:
                status = receiver.answers.pop(0) if receiver.answers else 200
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            request = Received(self.path, dict(self.headers.items()), body, time.time(), status)
            with receiver.lock:
                receiver.requests.append(request)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(receiver.body)))
                self.end_headers()
                self.wfile.write(receiver.body)
            except OSError:
                pass  # the sender gave up (a timeout) or died (a killed worker)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server
