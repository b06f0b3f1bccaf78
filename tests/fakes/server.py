"""A threaded loopback HTTP server with fault injection, base of the platform fakes.

Faults (queued with :meth:`FakeAPI.inject` or drawn at random with ``fault_rate``):
``429`` (with reset headers), ``500`` (before acting), ``500_after`` (act, then answer 500),
``drop`` (close the connection before acting), ``drop_after`` (act, then close without an
answer), ``timeout_after`` (act, then answer too late), ``expired`` (token expired).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FAULTS = ("429", "500", "500_after", "drop", "drop_after", "timeout_after")


class Request:
    def __init__(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, body: bytes
    ) -> None:
        self.method, self.path, self.query, self.headers, self.body = (
            method,
            path,
            query,
            headers,
            body,
        )

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}


class Reply:
    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


class DropConnectionError(Exception):
    pass


class FakeAPI:
    """Subclasses implement :meth:`route` returning a :class:`Reply`."""

    def __init__(
        self,
        *,
        fault_rate: float = 0.0,
        seed: int = 0,
        slow: float = 1.5,
        faulty: Callable[[Request], bool] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.queue: list[tuple[str, str]] = []  # (path substring, fault)
        self.rng = random.Random(seed)
        self.fault_rate = fault_rate
        self.slow = slow
        self.faulty = faulty or (lambda r: True)
        self.log: list[tuple[str, str, int]] = []
        self.expired = False
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                req = Request(self.command, parts.path, parse_qs(parts.query), self.headers, body)
                try:
                    reply = api.dispatch(req)
                except DropConnectionError:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                data = (
                    b""
                    if reply.body is None
                    else (
                        reply.body
                        if isinstance(reply.body, bytes)
                        else json.dumps(reply.body).encode()
                    )
                )
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if "Content-Type" not in reply.headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FakeAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def inject(self, fault: str, path: str = "") -> None:
        with self.lock:
            self.queue.append((path, fault))

    def _fault(self, req: Request) -> str | None:
        with self.lock:
            for index, (path, fault) in enumerate(self.queue):
                if path in req.path:
                    del self.queue[index]
                    return fault
            if self.fault_rate and self.faulty(req) and self.rng.random() < self.fault_rate:
                return self.rng.choice(FAULTS)
        return None

    def dispatch(self, req: Request) -> Reply:
        fault = self._fault(req)
        if fault == "expired":
            self.expired = True
        if fault == "drop":
            raise DropConnectionError
        if fault == "429":
            return self.rate_limited(req)
        if fault == "500":
            return Reply(500, {"error": "Internal Server Error"})
        with self.lock:
            reply = self.route(req)
            self.log.append((req.method, req.path, reply.status))
        if fault == "drop_after":
            raise DropConnectionError
        if fault == "500_after":
            return Reply(503, {"error": "Service Unavailable"})
        if fault == "timeout_after":
            time.sleep(self.slow)
        return reply

    def rate_limited(self, req: Request) -> Reply:
        return Reply(429, {"error": "Too Many Requests"}, {"Retry-After": "0"})

    def route(self, req: Request) -> Reply:  # pragma: no cover - abstract
        raise NotImplementedError
