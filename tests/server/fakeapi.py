"""A scriptable HTTP/1.1 server on 127.0.0.1 for driving the generated clients over real sockets.

Each (method, path) has a queue of replies; a reply can also misbehave: reset the connection
before or after reading the request, answer late, send a body shorter than it announced, drip
its body a byte at a time, or stream a body of any length (a compression bomb) without
announcing it.
Every request that was read is recorded, so tests can assert what reached the server.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Reply:
    status: int = 200
    json: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    reset_before_read: bool = False  # close with RST before reading the request
    reset_after_read: bool = False  # read the request, then close with RST
    truncate_to: int | None = None  # send only this many body bytes, then close
    drip: float | None = None  # send the body one byte every `drip` seconds
    stream: Callable[[], Iterable[bytes]] | None = None  # chunks sent without Content-Length

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return b"" if self.json is None else json.dumps(self.json).encode()


@dataclass
class Received:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Handler = Callable[[Received], Reply]


class FakeAPI:
    """Start with `with FakeAPI() as api:`; `api.url` is its base URL."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._queues: dict[tuple[str, str], deque[Reply]] = defaultdict(deque)
        self._handlers: dict[tuple[str, str], Handler] = {}
        self._lock = threading.Lock()
        self.received: list[Received] = []
        self.connections = 0
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)

    # -- scripting ----------------------------------------------------------------------------

    def script(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next requests to `method path` with these replies, in order."""
        with self._lock:
            self._queues[(method, path)].extend(replies)

    def handle(self, method: str, path: str, handler: Handler) -> None:
        """Answer every request to `method path` with `handler(request)` once the queue is empty."""
        with self._lock:
            self._handlers[(method, path)] = handler

    def requests_to(self, method: str, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.method == method and r.path == path]

    # -- serving ------------------------------------------------------------------------------

    def __enter__(self) -> FakeAPI:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping = True
        # close() alone does not wake a thread blocked in accept() on Linux; shutdown() does.
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while not self._stopping:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _next_reply(self, method: str, path: str, request: Received | None) -> Reply:
        with self._lock:
            queue = self._queues.get((method, path))
            if queue:
                return queue.popleft()
            handler = self._handlers.get((method, path))
        if handler is not None and request is not None:
            return handler(request)
        return Reply(404, json={"error": f"no reply scripted for {method} {path}"})

    def _connection(self, conn: socket.socket) -> None:
        try:
            head = b""
            peeked = conn.recv(65536, socket.MSG_PEEK)
            line = peeked.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            if len(line) < 2:
                return
            method, target = line[0], line[1]
            path = urlsplit(target).path
            with self._lock:
                queue = self._queues.get((method, path))
                early = queue[0] if queue else None
            if early is not None and early.reset_before_read:
                self._next_reply(method, path, None)
                _reset(conn)
                return
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                head += chunk
            head, _, body = head.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {
                k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in lines[1:])
            }
            length = int(headers.get("content-length", "0"))
            while len(body) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                body += chunk
            request = Received(
                method,
                path,
                parse_qsl(urlsplit(target).query, keep_blank_values=True),
                headers,
                body,
            )
            with self._lock:
                self.received.append(request)
            reply = self._next_reply(method, path, request)
            if reply.reset_after_read:
                _reset(conn)
                return
            if reply.delay:
                time.sleep(reply.delay)
            payload = reply.payload()
            response_headers = {
                "Content-Type": "application/json",
                "Content-Length": str(len(payload)),
                "Connection": "close",
                **reply.headers,
            }
            if reply.stream is not None:  # the body ends when the connection does
                del response_headers["Content-Length"]
            status_line = f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}\r\n"
            head_out = (
                status_line + "".join(f"{k}: {v}\r\n" for k, v in response_headers.items()) + "\r\n"
            )
            sent = payload if reply.truncate_to is None else payload[: reply.truncate_to]
            if reply.stream is not None:
                conn.sendall(head_out.encode("latin-1"))
                for chunk in reply.stream():  # until the client hangs up (OSError) or it ends
                    conn.sendall(chunk)
            elif reply.drip is not None:
                conn.sendall(head_out.encode("latin-1"))
                for index in range(len(sent)):  # until the client hangs up (OSError)
                    time.sleep(reply.drip)
                    conn.sendall(sent[index : index + 1])
            else:
                conn.sendall(head_out.encode("latin-1") + sent)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()


def _reset(conn: socket.socket) -> None:
    """Close so that the peer sees a connection reset, not an orderly end."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
