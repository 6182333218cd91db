"""Does a cache write cost the same in a near-empty cache and a full one? Prints JSON.

    REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python bench/cache_write.py [--sizes 100,100000]

Uses the site's own cache settings (``lms.settings.bench``: Django's RedisCache when REDIS_URL
is set, the embedded default otherwise). For each size the cache is filled to that many
entries under a prefix of its own, then ``--writes`` single ``cache.set`` calls of a 2 KB value
(about a rendered lesson fragment) are timed one by one; that is done ``--rounds`` times going
up and down through the sizes (the entries added or deleted between), so every size is
measured at several moments of a shared machine. Median and p95 of each size are reported,
and the ratio of the largest size's median to the smallest's. The entries are deleted afterwards
(only this script's keys: the rest of the cache is left alone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.bench")

PREFIX = "bench-cache-write"
VALUE = "x" * 2048
BATCH = 1000


def fill(cache, start: int, stop: int) -> None:
    for low in range(start, stop, BATCH):
        cache.set_many({f"{PREFIX}:{n}": VALUE for n in range(low, min(stop, low + BATCH))}, 600)


def time_writes(cache, count: int) -> list[float]:
    times = []
    for n in range(count):
        started = time.perf_counter()
        cache.set(f"{PREFIX}:probe:{n}", VALUE, 600)
        times.append((time.perf_counter() - started) * 1000)
    cache.delete_many([f"{PREFIX}:probe:{n}" for n in range(count)])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,100000")
    parser.add_argument("--writes", type=int, default=1000, help="Timed writes per size a round.")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.cache import caches

    cache = caches["default"]

    sizes = sorted(int(size) for size in args.sizes.split(","))
    result = {"backend": f"{type(cache).__module__}.{type(cache).__name__}", "sizes": {}}
    # Up and down through the sizes `--rounds` times (100, 100,000, 100, 100,000, ...), so each
    # size is measured at several moments of a shared machine's load, not once each.
    times = {size: [] for size in sizes}
    filled = 0
    try:
        for _round in range(args.rounds):
            for size in sizes:
                if size > filled:
                    fill(cache, filled, size)
                else:
                    for low in range(size, filled, BATCH):
                        keys = range(low, min(filled, low + BATCH))
                        cache.delete_many([f"{PREFIX}:{n}" for n in keys])
                filled = size
                time_writes(cache, 200)  # warm the connection
                times[size].extend(time_writes(cache, args.writes))
    finally:
        for low in range(0, filled, BATCH):
            cache.delete_many([f"{PREFIX}:{n}" for n in range(low, min(filled, low + BATCH))])
    for size in sizes:
        ordered = sorted(times[size])
        result["sizes"][size] = {
            "writes": len(ordered),
            "median_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[int(0.95 * len(ordered)) - 1], 3),
        }
    small, large = result["sizes"][sizes[0]], result["sizes"][sizes[-1]]
    result["median_ratio_largest_to_smallest"] = round(large["median_ms"] / small["median_ms"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
