"""Verifying the auth service's JWTs, and the FastAPI dependencies built on that.

Only EdDSA signatures by a key in the service's JWKS are accepted. `alg: none`, HS256 and every
other algorithm are refused before any key is looked up, so no shared secret (not even
BETTER_AUTH_SECRET) and no public key used as an HMAC secret can ever make a valid token.
"""
import threading
import time
from typing import Callable, Optional

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from auth_security.claims import AuthClaims, BaseClaims, claim, parse_claims
from auth_security.jwks import JWKSCache, JWKSUnavailable
from auth_security.settings import Settings

ALGORITHMS = ["EdDSA"]
REQUIRED_CLAIMS = ["exp", "iat", "sub"]


class AuthError(Exception):
    """The token is malformed, forged, expired or meant for another service."""


_settings: Optional[Settings] = None
_jwks: Optional[JWKSCache] = None
_clock: Callable[[], float] = time.time


def configure(
    settings: Optional[Settings] = None,
    jwks: Optional[JWKSCache] = None,
    clock: Optional[Callable[[], float]] = None,
) -> None:
    """Replace the settings, the key cache or the clock (tests, scripts). None means the default."""
    global _settings, _jwks, _clock
    _settings, _jwks, _clock = settings, jwks, clock or time.time


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = Settings.from_env()
    return _settings


_jwks_lock = threading.Lock()


def get_jwks() -> JWKSCache:
    global _jwks
    with _jwks_lock:  # one cache for all worker threads, or each would fetch on its own
        if _jwks is None:
            settings = get_settings()
            _jwks = JWKSCache(settings.jwks_url, ttl=settings.jwks_cache_seconds, timeout=settings.jwks_timeout_seconds)
        return _jwks


def verify_token(token: str) -> AuthClaims:
    """The claims of a token the auth service signed for us and that is still valid.

    Raises AuthError for any bad token, JWKSUnavailable when the keys cannot be fetched at all.
    """
    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise AuthError("malformed token") from error
    # Before the key lookup: a forged header must not even cost a JWKS fetch.
    if header.get("alg") not in ALGORITHMS:
        raise AuthError(f"algorithm {header.get('alg')!r} is not allowed")
    kid = header.get("kid")
    key = get_jwks().get_key(kid) if isinstance(kid, str) else None
    if key is None:
        raise AuthError("token signed by an unknown key")
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,  # decode enforces it too, whatever the header says
            audience=settings.audience,
            issuer=settings.issuer,
            leeway=settings.leeway_seconds,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as error:
        raise AuthError("token has expired") from error
    except jwt.PyJWTError as error:
        raise AuthError(f"invalid token: {error}") from error
    try:
        claims = parse_claims(payload)
    except ValidationError as error:
        raise AuthError("token claims do not have the expected types") from error
    # PyJWT checked `exp` against the wall clock; checking it against our clock as well lets tests
    # and tests/live_check.py move time forward (configure(clock=...)) with a real token.
    if claims.exp <= _clock() - settings.leeway_seconds:
        raise AuthError("token has expired")
    return claims


# auto_error=False: FastAPI would answer a missing header with 403; it is a 401.
_bearer = HTTPBearer(auto_error=False)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


# A sync dependency on purpose: FastAPI runs it in a worker thread, so a JWKS fetch never blocks the event loop.
def get_current_user(credentials: Optional[HTTPAuthorizationCredentials] = Depends(_bearer)) -> AuthClaims:
    """The verified claims of the request's `Authorization: Bearer <JWT>`; 401 otherwise."""
    if credentials is None:
        raise _unauthorized("missing bearer token")
    try:
        return verify_token(credentials.credentials)
    except AuthError as error:
        raise _unauthorized(str(error)) from error
    except JWKSUnavailable as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="cannot reach the auth service's keys") from error


def verify_user_access(user: BaseClaims, user_id: str) -> None:
    """403 unless the token belongs to `user_id`."""
    if user.sub != user_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="you may only access your own resources")


def require_path_user(user_id: str, user: AuthClaims = Depends(get_current_user)) -> AuthClaims:
    """For routes with a `{user_id}` path parameter: only that user's token passes (403 otherwise)."""
    verify_user_access(user, user_id)
    return user


def roles_of(user: BaseClaims) -> set:
    """The roles in the `role` claim: a string (the admin plugin joins several with commas) or a list."""
    value = claim(user, "role")
    if isinstance(value, str):
        return {role.strip() for role in value.split(",") if role.strip()}
    if isinstance(value, (list, tuple, set)):
        return {str(role) for role in value}
    return set()


def require_role(*roles: str) -> Callable[..., AuthClaims]:
    """A dependency that passes users holding any of `roles` (403 otherwise)."""
    allowed = set(roles)

    def dependency(user: AuthClaims = Depends(get_current_user)) -> AuthClaims:
        if not roles_of(user) & allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"requires role: {', '.join(sorted(allowed))}")
        return user

    return dependency
