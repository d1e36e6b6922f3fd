"""The key cache against an auth service that accepts connections and never answers.

A real HTTP server on 127.0.0.1 (no network needed) serves the JWKS until told to hang. Requests
that already have their key must not wait for a hanging fetch; without keys they must get 503
rather than queue behind it, and the app's other routes must stay responsive. Time limits here
are generous bounds on "did not wait for the hanging fetch" (which would take a minute), never
measurements.
"""
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from app.main import app
from auth_security.jwks import JWKSCache
from auth_security.security import configure
from fake_auth import bearer, public_jwk

HANG = 60.0  # how long a hanging fetch would block a request that waited for it
PATIENCE = 20.0  # far more than an answer from cached keys takes, far less than HANG


class JWKSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, jwks: Callable[[], Dict]) -> None:
        super().__init__(("127.0.0.1", 0), JWKSHandler)
        self.jwks = jwks
        self.hang = False
        self.release = threading.Event()
        self.requests = 0
        self.url = f"http://127.0.0.1:{self.server_address[1]}/api/auth/jwks"


class JWKSHandler(BaseHTTPRequestHandler):
    server: JWKSServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests += 1
        if self.server.hang:
            self.server.release.wait(HANG)
            self.send_error(503)
            return
        body = json.dumps(self.server.jwks()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def jwks_server(auth_service):
    server = JWKSServer(lambda: {"keys": [public_jwk(auth_service.private_keys[k], k) for k in auth_service.published]})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def real_cache(server: JWKSServer, auth_service, timeout: float) -> JWKSCache:
    """A cache on the real server: HTTP timeouts as given, TTL on the fake clock."""
    cache = JWKSCache(server.url, ttl=300, min_refresh_interval=10, timeout=timeout,
                      client=httpx.Client(timeout=timeout), clock=auth_service.clock)
    configure(settings=auth_service.settings, jwks=cache)
    return cache


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for: {what}"
        time.sleep(0.02)


class Call(threading.Thread):
    """`call()` in a thread of its own; `.result` once it has returned."""

    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.call = call

    def run(self) -> None:
        self.result = self.call()


def in_threads(count: int, call: Callable[[], Any]) -> List[Call]:
    threads = [Call(call) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def finished(threads: List[Call]) -> List[Call]:
    return [t for t in threads if hasattr(t, "result")]


def test_cached_keys_keep_working_while_a_refresh_hangs(jwks_server, auth_service):
    cache = real_cache(jwks_server, auth_service, timeout=HANG)
    client = TestClient(app)
    token = auth_service.token()
    assert client.get("/me", headers=bearer(token)).status_code == 200
    assert jwks_server.requests == 1

    jwks_server.hang = True
    auth_service.clock.advance(301)  # stale: the next request starts a refresh, which hangs
    threads = in_threads(10, lambda: client.get("/me", headers=bearer(token)).status_code)
    wait_until(lambda: len(finished(threads)) == 10, "valid tokens to be answered from the cached keys")
    assert [t.result for t in threads] == [200] * 10
    wait_until(lambda: jwks_server.requests == 2, "the background refresh to reach the server")
    assert cache.fetches == 2  # one refresh in flight, not one per request
    assert not cache.wait_idle(timeout=0)  # and it is still hanging


def test_unknown_kids_cost_one_bounded_fetch_while_the_service_hangs(jwks_server, auth_service):
    cache = real_cache(jwks_server, auth_service, timeout=1.0)
    client = TestClient(app)
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200

    jwks_server.hang = True
    auth_service.clock.advance(60)
    tokens = []
    for i in range(20):
        auth_service.add_key(f"made-up-{i}", publish=False)
        tokens.append(auth_service.token(kid=f"made-up-{i}"))
    threads = [Call(lambda token=token: client.get("/me", headers=bearer(token)).status_code) for token in tokens]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(finished(threads)) == len(tokens), "every made-up kid to be refused")
    results = {t.result for t in threads}
    assert results == {401}
    assert jwks_server.requests == 2 and cache.fetches == 2  # one refresh for all of them
    # Still within the cooldown: no new fetch, and a valid token still passes.
    assert client.get("/me", headers=bearer(tokens[0])).status_code == 401
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    assert cache.fetches == 2


def test_cold_cache_gives_503_once_the_fetch_times_out(jwks_server, auth_service):
    jwks_server.hang = True
    real_cache(jwks_server, auth_service, timeout=1.0)
    client = TestClient(app)
    threads = in_threads(1, lambda: client.get("/me", headers=bearer(auth_service.token())).status_code)
    wait_until(lambda: len(finished(threads)) == 1, "the request to give up after the 1 s fetch timeout")
    assert threads[0].result == 503


@pytest.fixture
def live_app():
    """app.main under a real uvicorn (one event loop, one worker thread pool), on a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    server.install_signal_handlers = lambda: None  # not the main thread
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_until(lambda: server.started, "uvicorn to start")
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(PATIENCE)


def test_cold_cache_with_a_hanging_service_keeps_the_app_responsive(jwks_server, auth_service, live_app):
    jwks_server.hang = True
    cache = real_cache(jwks_server, auth_service, timeout=HANG)
    token = auth_service.token()
    threads = in_threads(60, lambda: httpx.get(f"{live_app}/me", headers=bearer(token), timeout=2 * HANG).status_code)

    # One request waits for the one fetch; the other 59 are told 503 at once instead of queueing.
    wait_until(lambda: len(finished(threads)) == 59, "59 requests to get 503 while the fetch hangs")
    assert [t.result for t in finished(threads)] == [503] * 59
    assert jwks_server.requests == 1 and cache.fetches == 1
    assert httpx.get(f"{live_app}/health", timeout=PATIENCE).json() == {"status": "ok"}
    assert not cache.wait_idle(timeout=0)  # the fetch is still hanging

    jwks_server.release.set()  # the service answers (503): the waiting request gets 503 too
    wait_until(lambda: len(finished(threads)) == 60, "the last request to finish")
    assert [t.result for t in threads] == [503] * 60
    assert jwks_server.requests == 1
