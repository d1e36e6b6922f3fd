"""The auth service's public keys (its JWKS), fetched with httpx and cached in memory.

Keys are fetched again when the cache is older than `ttl`, or when a token names a key id we have
not seen (the service rotated its keys). Every fetch, successful or not, waits at least
`min_refresh_interval` after the previous one, so a flood of tokens with made-up `kid`s (or an auth
service that is down) costs the auth service at most one request per interval.
"""
import logging
import threading
import time
from typing import Any, Callable, Dict, Optional

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

log = logging.getLogger(__name__)


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
        client: Optional[httpx.Client] = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.ttl = ttl
        self.min_refresh_interval = min_refresh_interval
        self._client = client
        self._clock = clock
        self._keys: Dict[str, Any] = {}
        self._fetched_at: Optional[float] = None  # last successful fetch
        self._attempted_at: Optional[float] = None  # last fetch, successful or not
        self._error = "not fetched yet"
        # One fetch at a time: concurrent requests wait for it instead of each fetching.
        self._lock = threading.Lock()

    def get_key(self, kid: str) -> Optional[Any]:
        """The public key named `kid`, or None if the service does not publish it."""
        with self._lock:
            now = self._clock()
            stale = self._fetched_at is None or now - self._fetched_at >= self.ttl
            may_fetch = self._attempted_at is None or now - self._attempted_at >= self.min_refresh_interval
            if (stale or kid not in self._keys) and may_fetch:
                self._fetch(now)
            if self._fetched_at is None:
                raise JWKSUnavailable(f"cannot fetch {self.url}: {self._error}")
            return self._keys.get(kid)

    def _fetch(self, now: float) -> None:
        self._attempted_at = now
        if self._client is None:
            self._client = httpx.Client(timeout=5.0)
        try:
            response = self._client.get(self.url)
            response.raise_for_status()
            self._keys = parse_jwks(response.json())
            self._fetched_at = now
        except Exception as error:  # any failure (network, HTTP status, bad JSON, bad URL) is "unavailable"
            # Keep serving the keys we already have: a short outage must not log everyone out.
            self._error = f"{type(error).__name__}: {error}"
            log.warning("JWKS fetch from %s failed: %s", self.url, self._error)
