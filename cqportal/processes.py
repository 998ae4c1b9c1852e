"""Helper processes that must never outlive the process that started them."""

import ctypes
import signal
import sys


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; a no-op elsewhere).

    A killed import or web server must not leave an indexer or analysis worker behind, blocked
    forever on a queue nobody writes to."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
