"""Failed admin logins lock a username, not an address.

django-axes compares every lockout parameter combination with one failure limit. We want two:
a username is locked from one address after AXES_FAILURE_LIMIT failures there, and from every
address after AXES_USERNAME_FAILURE_LIMIT failures from anywhere (guesses spread over many
addresses). The username-wide count is scaled onto the one limit axes checks.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        worst = 0
        combinations = get_lockout_parameters(request, credentials)
        for parameters, attempts in zip(combinations, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameters in ("username", ["username"]):
                failures = failures * limit // settings.AXES_USERNAME_FAILURE_LIMIT
            worst = max(worst, failures)
        return worst
