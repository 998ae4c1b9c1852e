"""Read settings from the environment, failing loudly on values we cannot trust."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but lists nothing")
    return items


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def weak_secret_key(key: str) -> str:
    """What Django's deploy check (security.W009) holds against the key, or ""."""
    if key.startswith("django-insecure-"):
        return "must not start with 'django-insecure-' (Django's development key)"
    if len(key) < 50:
        return "must be at least 50 characters long"
    if len(set(key)) < 5:
        return "must have at least 5 different characters"
    return ""


def secret_key(var_dir: Path, debug: bool) -> str:
    """SECRET_KEY from the environment, else one kept in var/ so sessions survive restarts."""
    raw = os.environ.get("SECRET_KEY")
    if raw is not None:
        if not debug and (problem := weak_secret_key(raw)):
            raise ImproperlyConfigured(f"SECRET_KEY {problem}")
        return raw
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
