"""Offline fixtures: every test gets its own fake auth service and a client for app.main."""
import pytest
from fastapi.testclient import TestClient

from app.main import app
from auth_security.security import configure
from fake_auth import FakeAuthService


@pytest.fixture
def auth_service():
    service = FakeAuthService()
    configure(settings=service.settings, jwks=service.jwks)
    yield service
    configure()  # back to the environment's settings


@pytest.fixture
def client(auth_service) -> TestClient:
    return TestClient(app)
