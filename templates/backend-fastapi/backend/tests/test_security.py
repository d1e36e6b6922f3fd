"""The security module against a fake auth service (see fake_auth.py): no network needed."""
import hashlib
import hmac
import time
from datetime import datetime

import jwt
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import ValidationError

from auth_security.claims import CUSTOM_CLAIMS, attribute_name, claim, parse_claims
from auth_security.security import configure
from auth_security.settings import Settings, read_dotenv
from claim_samples import SAMPLE_CLAIMS
from fake_auth import REMOVE, b64url, bearer, forge
from values import same_value

MISSING = object()


def test_health_is_public(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_valid_token_returns_claims_with_custom_fields(client, auth_service):
    response = client.get("/me", headers=bearer(auth_service.token()))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["sub"], body["email"], body["emailVerified"]) == ("user-1", "ada@example.com", True)
    for name, value in SAMPLE_CLAIMS.items():
        assert same_value(body[name], value), (name, body[name], value)


def test_claims_keep_their_json_types(client, auth_service):
    # A number field holds integers: 7 must not come back as 7.0.
    body = client.get("/me", headers=bearer(auth_service.token())).json()
    for name, value in SAMPLE_CLAIMS.items():
        if isinstance(value, (bool, int, float, str)):
            assert type(body[name]) is type(value), (name, body[name], value)
        if isinstance(value, list):
            assert [type(v) for v in body[name]] == [type(v) for v in value], (name, body[name], value)


def test_every_custom_claim_is_readable_by_its_jwt_name(auth_service):
    # Whatever the name (`self`, `class`, `None`, `json`): claim() finds it, and no two claims share an attribute.
    claims = parse_claims(auth_service.claims())
    for name, value in SAMPLE_CLAIMS.items():
        actual = claim(claims, name, MISSING)
        actual = actual.isoformat() if isinstance(actual, datetime) else actual
        assert same_value(actual, value), (name, actual, value)
    assert len(set(map(attribute_name, CUSTOM_CLAIMS))) == len(CUSTOM_CLAIMS)


def test_missing_custom_claims_take_their_defaults(client, auth_service):
    defaults = {name: default for name, (_, default) in CUSTOM_CLAIMS.items() if default is not ...}
    token = auth_service.token({name: REMOVE for name in defaults})
    body = client.get("/me", headers=bearer(token)).json()
    for name, default in defaults.items():
        assert same_value(body[name], default), (name, body[name], default)


def test_unknown_claims_are_ignored(client, auth_service):
    body = client.get("/me", headers=bearer(auth_service.token({"somethingElse": "x"}))).json()
    assert "somethingElse" not in body


def assert_401(client, token, reason=""):
    response = client.get("/me", headers=bearer(token))
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert reason in response.json()["detail"]


def test_missing_token_is_401(client):
    response = client.get("/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_other_auth_scheme_is_401(client):
    assert client.get("/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 401


def test_garbage_token_is_401(client):
    assert_401(client, "not-a-jwt", "malformed")


def test_tampered_payload_is_401(client, auth_service):
    header, _, signature = auth_service.token().split(".")
    _, payload, _ = auth_service.token({"sub": "user-2"}).split(".")
    assert_401(client, f"{header}.{payload}.{signature}")


def test_tampered_signature_is_401(client, auth_service):
    header, payload, signature = auth_service.token().split(".")
    # A middle character: the last one also carries padding bits, which decoders may ignore.
    middle = len(signature) // 2
    flipped = signature[:middle] + ("A" if signature[middle] != "A" else "B") + signature[middle + 1 :]
    assert_401(client, f"{header}.{payload}.{flipped}")


def test_expired_token_is_401(client, auth_service):
    now = int(time.time())
    assert_401(client, auth_service.token({"iat": now - 1000, "exp": now - 60}), "expired")


def test_token_expires_when_the_clock_passes_exp(client, auth_service):
    token = auth_service.token()
    assert client.get("/me", headers=bearer(token)).status_code == 200
    configure(settings=auth_service.settings, jwks=auth_service.jwks, clock=lambda: time.time() + 3600)
    assert_401(client, token, "expired")


def test_wrong_audience_is_401(client, auth_service):
    assert_401(client, auth_service.token({"aud": "http://another-service.test"}), "audience")


def test_wrong_issuer_is_401(client, auth_service):
    assert_401(client, auth_service.token({"iss": "http://evil.test"}), "issuer")


@pytest.mark.parametrize("claim", ["exp", "iat", "sub"])
def test_required_claim_missing_is_401(client, auth_service, claim):
    assert_401(client, auth_service.token({claim: REMOVE}))


def test_alg_none_is_401(client, auth_service):
    token = forge({"alg": "none", "typ": "JWT", "kid": "key-1"}, auth_service.claims())
    assert_401(client, token, "not allowed")


def test_hs256_with_a_shared_secret_is_401(client, auth_service):
    token = jwt.encode(auth_service.claims(), "a-shared-secret-of-at-least-32-bytes!", algorithm="HS256",
                       headers={"kid": "key-1"})
    assert_401(client, token, "not allowed")


def test_hs256_keyed_with_the_public_key_is_401(client, auth_service):
    # The classic algorithm-confusion attack: the public key (which anyone has) as an HMAC secret.
    public_key = auth_service.private_keys["key-1"].public_key()
    header = {"alg": "HS256", "typ": "JWT", "kid": "key-1"}
    signing_input = forge(header, auth_service.claims()).rsplit(".", 1)[0]
    for secret in (public_key.public_bytes(Encoding.Raw, PublicFormat.Raw),
                   public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)):
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        assert_401(client, f"{signing_input}.{b64url(signature)}", "not allowed")


def test_token_signed_by_a_key_outside_the_jwks_is_401(client, auth_service):
    auth_service.add_key("intruder", publish=False)
    assert_401(client, auth_service.token(kid="intruder"), "unknown key")
    # The intruder's key under a published kid fails the signature check.
    token = auth_service.token(kid="intruder", headers={"kid": "key-1"})
    assert_401(client, token, "Signature")


def test_jwks_is_cached_until_its_ttl(client, auth_service):
    for _ in range(3):
        assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    assert auth_service.jwks_requests == 1
    auth_service.clock.advance(301)
    # A stale cache still answers; the refresh runs behind the request.
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    assert auth_service.jwks.wait_idle(timeout=30)
    assert auth_service.jwks_requests == 2


def test_unknown_kid_triggers_one_refetch(client, auth_service):
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    auth_service.clock.advance(60)
    auth_service.add_key("key-2")  # the service rotated its keys
    assert client.get("/me", headers=bearer(auth_service.token(kid="key-2"))).status_code == 200
    assert auth_service.jwks_requests == 2
    assert client.get("/me", headers=bearer(auth_service.token(kid="key-2"))).status_code == 200
    assert auth_service.jwks_requests == 2


def test_a_flood_of_unknown_kids_costs_one_fetch_per_interval(client, auth_service):
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    auth_service.clock.advance(60)
    for i in range(20):
        auth_service.add_key(f"random-{i}", publish=False)
        assert_401(client, auth_service.token(kid=f"random-{i}"), "unknown key")
    assert auth_service.jwks_requests == 2
    auth_service.clock.advance(10)
    assert_401(client, auth_service.token(kid="random-0"), "unknown key")
    assert auth_service.jwks_requests == 3


def test_jwks_unreachable_at_first_is_503(client, auth_service):
    auth_service.down = True
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 503


def test_jwks_outage_later_keeps_the_cached_keys(client, auth_service):
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    auth_service.down = True
    auth_service.clock.advance(301)
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200
    assert auth_service.jwks.wait_idle(timeout=30)
    assert auth_service.jwks_requests == 2
    assert client.get("/me", headers=bearer(auth_service.token())).status_code == 200


def test_own_path_user_is_200_and_another_is_403(client, auth_service):
    token = auth_service.token()
    assert client.get("/users/user-1/items", headers=bearer(token)).status_code == 200
    assert client.get("/users/user-2/items", headers=bearer(token)).status_code == 403


def role_token(auth_service, *roles):
    """A token carrying the first of `roles` this project's role claim accepts (skip if none)."""
    if "role" not in CUSTOM_CLAIMS:
        pytest.skip("this project has no role claim (admin plugin off, no `role` field)")
    for role in roles:
        try:
            parse_claims(auth_service.claims({"role": role}))
            return auth_service.token({"role": role})
        except ValidationError:
            continue
    pytest.skip(f"the role claim accepts none of {roles!r}")


@pytest.mark.parametrize("role", ["admin", "user,admin"])
def test_require_role_lets_the_role_in(client, auth_service, role):
    assert client.get("/admin/ping", headers=bearer(role_token(auth_service, role))).status_code == 200


def test_require_role_is_403_for_other_roles(client, auth_service):
    _, default = CUSTOM_CLAIMS.get("role", (None, None))
    candidates = [r for r in ("user", default, SAMPLE_CLAIMS.get("role")) if isinstance(r, str) and "admin" not in r]
    response = client.get("/admin/ping", headers=bearer(role_token(auth_service, *candidates)))
    assert response.status_code == 403


def test_require_role_ignores_an_undeclared_role_claim(client, auth_service):
    if "role" in CUSTOM_CLAIMS:
        pytest.skip("this project declares a role claim")
    response = client.get("/admin/ping", headers=bearer(auth_service.token({"role": "admin"})))
    assert response.status_code == 403


def test_settings_defaults_follow_the_base_url():
    settings = Settings.from_env({"AUTH_BASE_URL": "https://auth.example.com/"})
    assert settings.jwks_url == "https://auth.example.com/api/auth/jwks"
    assert settings.issuer == settings.audience == "https://auth.example.com"
    assert settings.jwks_cache_seconds == 300


def test_dotenv_parser(tmp_path):
    path = tmp_path / ".env"
    path.write_text('# comment\nexport AUTH_BASE_URL="http://a.test"\nAUTH_ISSUER=x # note\n\nJUNK\n')
    assert read_dotenv(path) == {"AUTH_BASE_URL": "http://a.test", "AUTH_ISSUER": "x"}
