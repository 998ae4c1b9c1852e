"""Test settings: the real settings, pointed at a throw-away folder for the index and secrets."""

import os
import tempfile

os.environ.setdefault("CQPORTAL_VAR_DIR", tempfile.mkdtemp(prefix="cqportal-test-"))
# The test client and the live server speak plain HTTP; tests/test_production.py checks the HTTPS defaults.
os.environ.setdefault("LOCAL_HTTP", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")

from cqportal.settings import *  # noqa: F403

# Hashing passwords slowly protects nothing in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# A file, not SQLite's shared in-memory database, so the live server's threads get their own connections.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
