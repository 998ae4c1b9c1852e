"""PostgreSQL for a read replica: when the replica cannot be reached, connect to the primary instead.

A database router only names an alias; it never sees the connection fail. This wrapper does: a
refused or timed-out connection to the replica is logged, remembered for `REPLICA_RETRY_SECONDS`
(no request pays for a failed attempt meanwhile), and the connection is made to the primary. A
connection that dies later is found by Django's health check (`CONN_HEALTH_CHECKS`) at the start of
the next request, which reconnects through here. A request never fails because the replica is gone;
one whose replica connection dies in the middle of it does.
"""

import logging
import time

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)

# Per process: when the replica last failed, retry it only after this many seconds.
_down_until = 0.0


class DatabaseWrapper(base.DatabaseWrapper):
    serving = None  # "replica" or "primary": where the open connection goes (for health checks and tests)

    def get_new_connection(self, conn_params):
        global _down_until
        from django.conf import settings

        if time.monotonic() >= _down_until:
            try:
                connection = super().get_new_connection(conn_params)
            except self.Database.OperationalError as exc:
                _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
                logger.warning("replica %s unreachable, reading from the primary: %s", self.alias, exc)
            else:
                self.serving = "replica"
                return connection
        self.serving = "primary"
        return super().get_new_connection(connections[DEFAULT_DB_ALIAS].get_connection_params())


def forget_failures() -> None:
    """Try the replica again at the next connection (tests, and after an operator brings it back)."""
    global _down_until
    _down_until = 0.0
