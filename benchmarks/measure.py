"""Run one management command in this process and report its wall time, CPU time and peak memory as JSON.

The import works in several processes (file analysis workers, a background indexer), so memory
is sampled over the whole process tree: the sum of each process's PSS (its private pages plus
its share of pages shared with the others), which does not count copy-on-write pages twice. CPU
time is this process's and its children's (every helper is waited for): on a shared machine the
wall time varies with the neighbours' load, the CPU time per article much less.
"""

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

import django


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = task.read_text().split()
        except OSError:
            continue
        for child in children:
            pids += _tree(int(child))
    return pids


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        pass
    return 0


class PeakMemory(threading.Thread):
    def __init__(self, every: float = 0.2):
        super().__init__(daemon=True)
        self.every, self.peak_kib, self.running = every, 0, True

    def run(self):
        while self.running:
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _tree(os.getpid())))
            time.sleep(self.every)


def main():
    django.setup()
    from django.core.management import call_command

    def cpu_seconds() -> float:
        usages = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        return sum(r.ru_utime + r.ru_stime for r in usages)

    cpu_before = cpu_seconds()
    sampler = PeakMemory()
    sampler.start()
    started = time.perf_counter()
    call_command(*sys.argv[1:])
    elapsed = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    figures = {"seconds": elapsed, "cpu_seconds": cpu_seconds() - cpu_before, "peak_mib": sampler.peak_kib / 1024}
    sys.stderr.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
