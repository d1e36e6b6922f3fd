"""The auth service's public keys (its JWKS), fetched with httpx and cached in memory.

Keys are fetched again when the cache is older than `ttl`, or when a token names a key id we have
not seen (the service rotated its keys). Every fetch, successful or not, waits at least
`min_refresh_interval` after the previous one, so a flood of tokens with made-up `kid`s (or an auth
service that is down) costs the auth service at most one request per interval.

A slow or hanging auth service must not slow down requests whose keys we already have: the lock
only guards the cache's state and is never held during a fetch, at most one fetch is in flight,
a stale cache keeps serving its keys while a background thread refreshes it, and a fetch gives up
after `timeout` seconds. Without any keys, requests fail at once (503) instead of queueing behind
the one fetch in flight.
"""
import json
import logging
import threading
import time
from typing import Any, Callable, Dict, Optional

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

log = logging.getLogger(__name__)

# A JWKS holds a handful of small keys; anything bigger is not one.
MAX_JWKS_BYTES = 256 * 1024


class JWKSUnavailable(Exception):
    """The key set could not be fetched, and no earlier copy is cached."""


def parse_jwks(data: Any) -> Dict[str, Any]:
    """kid -> public key, keeping only EdDSA public keys (the only kind the verifier accepts)."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ValueError("not a JWKS document (no `keys` list)")
    keys: Dict[str, Any] = {}
    for jwk in data["keys"]:
        if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or not isinstance(jwk.get("kid"), str):
            continue
        try:
            key = jwt.PyJWK(jwk).key
        except Exception:  # a key we cannot use must not hide the usable ones
            continue
        if isinstance(key, (Ed25519PublicKey, Ed448PublicKey)):
            keys[jwk["kid"]] = key
    return keys


class JWKSCache:
    def __init__(
        self,
        url: str,
        ttl: float = 300.0,
        min_refresh_interval: float = 10.0,
        timeout: float = 3.0,
        client: Optional[httpx.Client] = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.ttl = ttl
        self.min_refresh_interval = min_refresh_interval
        self.timeout = timeout
        self._client = client
        self._clock = clock
        self._keys: Dict[str, Any] = {}
        self._fetched_at: Optional[float] = None  # last successful fetch
        self._attempted_at: Optional[float] = None  # last fetch, successful or not
        self._error = "not fetched yet"
        self.fetches = 0  # fetches started, for monitoring and tests
        # Guards the fields above; never held while fetching.
        self._lock = threading.Lock()
        # Set while a fetch is in flight; set() when it ends.
        self._in_flight: Optional[threading.Event] = None

    def get_key(self, kid: str) -> Optional[Any]:
        """The public key named `kid`, or None if the service does not publish it.

        Raises JWKSUnavailable when no key set was ever fetched (and this call could not fetch one).
        """
        with self._lock:
            now = self._clock()
            key = self._keys.get(kid)
            have_keys = self._fetched_at is not None
            stale = not have_keys or now - self._fetched_at >= self.ttl
            wanted = stale or key is None
            may_fetch = self._attempted_at is None or now - self._attempted_at >= self.min_refresh_interval
            start = wanted and may_fetch and self._in_flight is None
            if start:
                self._attempted_at = now
                self._in_flight = threading.Event()
                self.fetches += 1
        if key is not None:
            if start:  # still valid for now: refresh behind the request instead of making it wait
                threading.Thread(target=self._fetch, name="jwks-refresh", daemon=True).start()
            return key
        if not start:
            # Someone else is fetching, or we fetched too recently: answer now rather than wait.
            return self._lookup(kid)
        self._fetch()  # unknown kid or no keys: this request needs the result (bounded by `timeout`)
        return self._lookup(kid)

    def _lookup(self, kid: str) -> Optional[Any]:
        with self._lock:
            if self._fetched_at is None:
                raise JWKSUnavailable(f"cannot fetch {self.url}: {self._error}")
            return self._keys.get(kid)

    def wait_idle(self, timeout: Optional[float] = None) -> bool:
        """Wait until no fetch is in flight (tests, graceful shutdown). False if `timeout` ran out."""
        with self._lock:
            in_flight = self._in_flight
        return in_flight is None or in_flight.wait(timeout)

    def _fetch(self) -> None:
        try:
            keys = parse_jwks(self._download())
        except Exception as error:  # any failure (network, timeout, HTTP status, bad JSON, bad URL) is "unavailable"
            # Keep serving the keys we already have: a short outage must not log everyone out.
            with self._lock:
                self._error = f"{type(error).__name__}: {error}"
            log.warning("JWKS fetch from %s failed: %s", self.url, self._error)
        else:
            with self._lock:
                self._keys = keys
                self._fetched_at = self._clock()
        finally:
            with self._lock:
                done, self._in_flight = self._in_flight, None
            if done is not None:
                done.set()

    def _download(self) -> Any:
        """The JSON document at `url`, read within `timeout` seconds in total (not per read)."""
        if self._client is None:
            self._client = httpx.Client()
        deadline = time.monotonic() + self.timeout
        with self._client.stream("GET", self.url, timeout=self.timeout) as response:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_JWKS_BYTES:
                    raise ValueError(f"JWKS larger than {MAX_JWKS_BYTES} bytes")
                if time.monotonic() > deadline:  # a server trickling bytes would reset a per-read timeout
                    raise TimeoutError(f"JWKS not received within {self.timeout} s")
        return json.loads(bytes(body))
