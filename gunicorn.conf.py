"""gunicorn settings for cqportal. Each can be overridden on the command line or with GUNICORN_CMD_ARGS."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from cqportal.processes import die_with_parent

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Load the app (and jieba's dictionary, about a second and tens of MB) once, before forking.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"

# Requests only record what the search index owes; this worker writes it (manage.py sync_index --follow).
# On a host that does not write the index (a second web host), set INDEX_WORKER=0.
INDEX_WORKER = os.environ.get("INDEX_WORKER", "1").strip().lower() not in ("0", "false", "no", "off")
_worker = None


def when_ready(server):
    global _worker
    if not INDEX_WORKER:
        return
    manage = Path(__file__).resolve().parent / "manage.py"
    _worker = subprocess.Popen(
        [sys.executable, str(manage), "sync_index", "--follow"], preexec_fn=die_with_parent, cwd=manage.parent
    )
    server.log.info("index worker started (pid %s)", _worker.pid)


def on_exit(server):
    if _worker and _worker.poll() is None:
        _worker.terminate()
        _worker.wait(timeout=10)
