"""What `make serve` searches with when SEARCH_URL is not set: Xapian where it installs, else Whoosh."""

import sys
from pathlib import Path

from cqportal.settings import default_search_url


def test_xapian_is_the_default_where_it_imports():
    import xapian  # noqa: F401  (the wheel exists on the Linux machines the suite runs on)

    assert default_search_url(Path("/srv/var")) == "xapian:///srv/var/xapian_index"


def test_whoosh_is_the_default_where_xapian_does_not_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "xapian", None)  # what an `import xapian` without the wheel meets
    assert default_search_url(Path("/srv/var")) == "whoosh:///srv/var/whoosh_index"


def test_requirements_install_xapian_only_where_its_wheel_exists():
    root = Path(__file__).resolve().parent.parent
    lines = [line for line in (root / "requirements.txt").read_text().splitlines() if line.startswith("xapian")]
    assert len(lines) == 2
    assert all('sys_platform == "linux"' in line and "aarch64" in line and "x86_64" in line for line in lines)
