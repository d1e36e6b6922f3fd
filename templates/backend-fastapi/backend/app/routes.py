"""Example routes, one per way of protecting an endpoint. Copy the pattern you need."""
from typing import Any, Dict

from fastapi import APIRouter, Depends

from auth_security.claims import AuthClaims
from auth_security.security import get_current_user, require_path_user, require_role

router = APIRouter()


@router.get("/health")
def health() -> Dict[str, str]:
    """Public."""
    return {"status": "ok"}


@router.get("/me")
def me(user: AuthClaims = Depends(get_current_user)):  # no return type: FastAPI dumps the model by alias
    """Any signed-in user: the verified claims of their token (custom claims under their JWT names)."""
    return user


@router.get("/users/{user_id}/items")
def list_items(user_id: str, user: AuthClaims = Depends(require_path_user)) -> Dict[str, Any]:
    """Only the user named in the path (403 for everyone else)."""
    return {"userId": user_id, "items": []}


@router.get("/admin/ping")
def admin_ping(user: AuthClaims = Depends(require_role("admin"))) -> Dict[str, Any]:
    """Only users whose `role` claim includes "admin"."""
    return {"ok": True, "sub": user.sub}
