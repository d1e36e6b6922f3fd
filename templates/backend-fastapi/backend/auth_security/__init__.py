"""Verify the auth service's JWTs in FastAPI.

    from auth_security import get_current_user, require_path_user, require_role
"""
from auth_security.claims import AuthClaims, BaseClaims, claim
from auth_security.jwks import JWKSCache, JWKSUnavailable
from auth_security.security import (
    AuthError,
    configure,
    get_current_user,
    require_path_user,
    require_role,
    roles_of,
    verify_token,
    verify_user_access,
)
from auth_security.settings import Settings

__all__ = [
    "AuthClaims",
    "AuthError",
    "BaseClaims",
    "JWKSCache",
    "JWKSUnavailable",
    "Settings",
    "claim",
    "configure",
    "get_current_user",
    "require_path_user",
    "require_role",
    "roles_of",
    "verify_token",
    "verify_user_access",
]
