import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast's users get passwords; a fast hasher keeps these tests quick (no test here checks hashing)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
