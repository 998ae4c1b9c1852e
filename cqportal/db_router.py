"""Reads from a streaming replica, writes to the primary, and an editor never sees the past.

With `DATABASE_REPLICA_URL` set there is a second database alias, `replica`. A request is allowed
to read from it only when nothing about it needs the primary: `ReplicaReadsMiddleware` marks
anonymous GET and HEAD requests that carry no session cookie and no "just wrote" cookie. Everything
else reads and writes the primary: editors (logged in, so they carry a session cookie), any POST,
the few seconds after a write (the cookie set on its response), and every process that is not a web
request (the import, `sync_index`, shells), which must read what they are about to write.

The decision is made before the session is loaded and costs no query: readers of this site never
get a session, only editors logging in to the admin do. A replica that cannot be reached is not the
router's business: the `replica` alias uses `cqportal.db_replica`, which connects to the primary
instead (a router sees no connection errors).
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Set on the response to any write; while it lasts the writer's requests read the primary, so a save is
# seen at once even by a request that carries no session (a logout, an anonymous form).
PIN_COOKIE = "cqportal_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction the primary holds what this process has written and not yet committed.
        if _replica_reads.get() and replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Lets anonymous reads go to the replica; pins everything else to the primary. Put it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        reads_replica = (
            request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES
        )
        token = _replica_reads.set(reads_replica)
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
