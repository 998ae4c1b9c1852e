"""Run one management command in this process and report its wall time and peak memory as JSON."""

import json
import resource
import sys
import time

import django


def main():
    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(*sys.argv[1:])
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024}) + "\n")


if __name__ == "__main__":
    main()
