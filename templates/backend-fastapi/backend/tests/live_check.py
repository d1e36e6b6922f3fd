"""Check this backend against a REAL running auth service. Not a pytest file (pytest collects test_*.py).

    python tests/live_check.py --base-url http://localhost:3000 --token <JWT from GET /api/auth/token>
        [--other-user-id ID] [--expect-claim NAME=VALUE ...] [--secret S]
        [--issuer ISS] [--audience AUD] [--jwks-url URL]

The token is verified through app.main's routes (FastAPI TestClient) with the service's real JWKS;
then altered copies of it must be refused. Nothing here can sign with the service's key, so:
  * tampered:  the real payload with `sub` changed (or a signature character flipped), old signature kept;
  * expired:   the real token, checked with the verifier's clock moved past its `exp`
               (security.configure(clock=...)): the same code path as waiting for it to expire;
  * wrong audience / issuer: the real token, checked with AUTH_AUDIENCE / AUTH_ISSUER set to other values;
  * alg none / HS256: the real header and payload, "signed" with no signature, with --secret (e.g. the
    service's BETTER_AUTH_SECRET) and with the service's own public key as an HMAC secret.
--expect-claim values are JSON when they parse as JSON (42, true, null, "x"), else plain strings.
Prints one PASS/FAIL line per check; exits 1 if any check fails, 2 if the checks cannot run at all.
"""
import argparse
import base64
import dataclasses
import hashlib
import hmac
import json
import secrets
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # backend/: app and auth_security

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from app.main import app  # noqa: E402
from auth_security.jwks import JWKSCache, JWKSUnavailable  # noqa: E402
from auth_security.security import configure  # noqa: E402
from auth_security.settings import Settings  # noqa: E402
from values import same_value  # noqa: E402

MISSING = object()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(obj: Dict[str, Any]) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


def unb64json(part: str) -> Dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def expectation(text: str) -> Tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, json.loads(raw)
    except ValueError:
        return name, raw




def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True, help="the auth service, e.g. http://localhost:3000")
    parser.add_argument("--token", required=True, help="a JWT from GET <base-url>/api/auth/token")
    parser.add_argument("--other-user-id", default=f"someone-else-{secrets.token_hex(4)}",
                        help="a user id that is not the token's (default: a random one)")
    parser.add_argument("--expect-claim", action="append", type=expectation, default=[], metavar="NAME=VALUE",
                        help="a claim /me must return with this value (repeatable)")
    parser.add_argument("--secret", default=secrets.token_urlsafe(32),
                        help="an HMAC secret for the HS256 forgery, e.g. BETTER_AUTH_SECRET (default: random)")
    parser.add_argument("--issuer", help="expected iss (default: --base-url)")
    parser.add_argument("--audience", help="expected aud (default: --base-url)")
    parser.add_argument("--jwks-url", help="default: <base-url>/api/auth/jwks")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    token = args.token.strip().removeprefix("Bearer ").strip()
    settings = Settings.from_env({  # only the command line: neither .env nor the environment
        "AUTH_BASE_URL": args.base_url,
        "AUTH_JWKS_URL": args.jwks_url or "",
        "AUTH_ISSUER": args.issuer or "",
        "AUTH_AUDIENCE": args.audience or "",
    })
    jwks = JWKSCache(settings.jwks_url, ttl=settings.jwks_cache_seconds, timeout=settings.jwks_timeout_seconds)
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header, payload = unb64json(header_b64), unb64json(payload_b64)
        key = jwks.get_key(str(header.get("kid")))
    except JWKSUnavailable as error:
        print(f"ERROR {error}")
        return 2
    except ValueError as error:
        print(f"ERROR --token is not a JWT: {error}")
        return 2

    failures = 0

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal failures
        failures += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f" ({detail})" if detail else ""))

    client = TestClient(app)

    def get(path: str, bearer: Optional[str]):
        return client.get(path, headers={"Authorization": f"Bearer {bearer}"} if bearer else {})

    def expect(name: str, path: str, bearer: Optional[str], status: int) -> None:
        response = get(path, bearer)
        check(name, response.status_code == status, f"HTTP {response.status_code}: {response.text[:160]}")

    configure(settings=settings, jwks=jwks)
    check("JWKS publishes the token's key", key is not None,
          f"{settings.jwks_url}, kid={header.get('kid')!r}, alg={header.get('alg')!r}")

    response = get("/me", token)
    check("real token accepted by get_current_user", response.status_code == 200,
          f"HTTP {response.status_code}: {response.text[:160]}")
    body = response.json() if response.status_code == 200 else {}
    for name, expected in args.expect_claim:
        actual = body.get(name, MISSING)
        check(f"claim {name} == {expected!r}", same_value(actual, expected),
              "missing" if actual is MISSING else f"got {actual!r}")

    expect("no token -> 401", "/me", None, 401)
    expect("tampered payload (sub changed) -> 401", "/me",
           f"{header_b64}.{b64json({**payload, 'sub': args.other_user_id})}.{signature_b64}", 401)
    middle = len(signature_b64) // 2  # not the last character: its low bits are padding
    flipped = signature_b64[:middle] + ("A" if signature_b64[middle] != "A" else "B") + signature_b64[middle + 1:]
    expect("tampered signature -> 401", "/me", f"{header_b64}.{payload_b64}.{flipped}", 401)

    exp = payload.get("exp")
    if isinstance(exp, (int, float)):
        configure(settings=settings, jwks=jwks, clock=lambda: exp + settings.leeway_seconds + 1)
        response = get("/me", token)
        check("expired (verifier clock moved past exp) -> 401",
              response.status_code == 401 and "expired" in response.text, f"HTTP {response.status_code}: {response.text[:160]}")
    else:
        check("expired (verifier clock moved past exp) -> 401", False, "the token has no numeric exp")

    configure(settings=dataclasses.replace(settings, audience=settings.audience + "/another-service"), jwks=jwks)
    expect("wrong audience -> 401", "/me", token, 401)
    configure(settings=dataclasses.replace(settings, issuer=settings.issuer + "/someone-else"), jwks=jwks)
    expect("wrong issuer -> 401", "/me", token, 401)
    configure(settings=settings, jwks=jwks)

    expect("alg none -> 401", "/me", f"{b64json({**header, 'alg': 'none'})}.{payload_b64}.", 401)
    signing_input = f"{b64json({**header, 'alg': 'HS256'})}.{payload_b64}"

    def hs256(secret: bytes) -> str:  # by hand: PyJWT refuses key-like HMAC secrets
        return f"{signing_input}.{b64url(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())}"

    expect("HS256 signed with --secret -> 401", "/me", hs256(args.secret.encode()), 401)
    if key is not None:
        for label, secret in (("raw", key.public_bytes(Encoding.Raw, PublicFormat.Raw)),
                              ("PEM", key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))):
            expect(f"HS256 keyed with the service's public key ({label}) -> 401", "/me", hs256(secret), 401)

    sub = str(payload.get("sub"))
    expect("own /users/<sub>/items -> 200", f"/users/{sub}/items", token, 200)
    expect("other /users/<other-user-id>/items -> 403", f"/users/{args.other_user_id}/items", token, 403)
    role = body.get("role")
    roles = set(map(str, role)) if isinstance(role, list) else {r.strip() for r in str(role or "").split(",")}
    expect(f"/admin/ping matches the role claim ({body.get('role')!r})", "/admin/ping", token,
           200 if "admin" in roles else 403)

    print(f"{'FAILED' if failures else 'OK'}: {failures} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
