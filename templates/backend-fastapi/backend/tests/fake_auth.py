"""A fake auth service for offline tests: Ed25519 keys, a JWKS served through httpx.MockTransport."""
import base64
import json
import time
from typing import Any, Dict, Optional

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from auth_security.jwks import JWKSCache
from auth_security.settings import Settings
from claim_samples import SAMPLE_CLAIMS


BASE_URL = "http://auth.test"
REMOVE = object()  # claims(name=REMOVE) leaves the claim out


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(private_key: Ed25519PrivateKey, kid: str) -> Dict[str, str]:
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": kid, "alg": "EdDSA"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeAuthService:
    """Signs tokens like Better Auth's jwt plugin and serves the JWKS, counting requests."""

    def __init__(self) -> None:
        self.private_keys: Dict[str, Ed25519PrivateKey] = {}
        self.published: list = []
        self.jwks_requests = 0
        self.down = False
        self.clock = FakeClock()  # the JWKS cache's clock
        self.settings = Settings(
            base_url=BASE_URL, jwks_url=f"{BASE_URL}/api/auth/jwks", issuer=BASE_URL, audience=BASE_URL
        )
        client = httpx.Client(transport=httpx.MockTransport(self._serve_jwks))
        self.jwks = JWKSCache(self.settings.jwks_url, ttl=300, min_refresh_interval=10, client=client, clock=self.clock)
        self.add_key("key-1")

    def add_key(self, kid: str, publish: bool = True) -> None:
        self.private_keys[kid] = Ed25519PrivateKey.generate()
        if publish:
            self.published.append(kid)

    def _serve_jwks(self, request: httpx.Request) -> httpx.Response:
        self.jwks_requests += 1
        if self.down:
            return httpx.Response(503)
        return httpx.Response(200, json={"keys": [public_jwk(self.private_keys[k], k) for k in self.published]})

    # Claim overrides are a dict, never keyword arguments: a custom claim may be named `self`,
    # `kid` or `class`, which no keyword parameter could take.
    def claims(self, overrides: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        now = int(time.time())
        payload = {
            "sub": "user-1",
            "email": "ada@example.com",
            "name": "Ada",
            "emailVerified": True,
            "iat": now,
            "exp": now + 900,
            "iss": BASE_URL,
            "aud": BASE_URL,
            **SAMPLE_CLAIMS,
            **(overrides or {}),
        }
        return {k: v for k, v in payload.items() if v is not REMOVE}

    def token(
        self, overrides: Optional[Dict[str, Any]] = None, kid: str = "key-1", headers: Optional[Dict[str, Any]] = None
    ) -> str:
        return jwt.encode(
            self.claims(overrides), self.private_keys[kid], algorithm="EdDSA", headers={"kid": kid, **(headers or {})}
        )


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def forge(header: Dict[str, Any], payload: Dict[str, Any], signature: bytes = b"") -> str:
    """A JWT assembled by hand, for shapes PyJWT refuses to produce."""
    def part(obj: Dict[str, Any]) -> str:
        return b64url(json.dumps(obj, separators=(",", ":")).encode())

    return f"{part(header)}.{part(payload)}.{b64url(signature)}"
