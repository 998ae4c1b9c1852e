"""Logging filters."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the message, drop the traceback: for events that are a client's doing, not a fault
    (a request for a host we do not serve gives one line, not 33 KB of stack)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = record.stack_info = None
        return True
