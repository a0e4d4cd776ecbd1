"""How long reading one number takes, against libphonenumber's bare parse and format.

    python benchmarks/bench_numbers.py [--rounds N]

1. Typed and pasted numbers (what the dial pad, a link or the clipboard brings): `parse_number`
   against the naive `phonenumbers.parse(text, "UA")` + `format_number(…, E164)` of the same
   text. Target: under 50 µs a number.
2. The API's own spellings (`0XXXXXXXXX`, `380XXXXXXXXX`, `+380XXXXXXXXX`), as call files hold
   them: `canonical` (its fast path) against the same naive parse and format.

Each figure is the median over the rounds of the mean time per number in a round, so a moment of
load on a shared machine moves it little.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import phonenumbers

from fmc_desktop.core.numbers.phone import canonical, parse_number

TYPED = [
    "067 123 45 67",
    "(044) 518-14-70",
    "+38 (067) 123-45-67",
    "+380 (067) 123-45-67",
    "0671234567",
    "+44 (0)20 3369 3912",
    "+49 (0)30 67065917",
    "+1 (212) 555-0123",
    "+48 22 123 45 67",
    "044 518 14 70 доб. 123",
    "0044 20 7946 0958",
]


def naive(text: str) -> str:
    return phonenumbers.format_number(
        phonenumbers.parse(text, "UA"), phonenumbers.PhoneNumberFormat.E164
    )


def per_number_us(
    function: Callable[[str], object], texts: list[str], rounds: int
) -> tuple[float, float]:
    """(wall-clock, CPU) µs a number: medians over the rounds. On a shared, loaded machine the
    CPU time of this process is the steadier of the two."""
    wall, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            function(text)
        wall.append((time.perf_counter() - started) / len(texts) * 1e6)
        cpu.append((time.process_time() - started_cpu) / len(texts) * 1e6)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    load = os.getloadavg()[0]

    typed = TYPED * 50
    for text in TYPED:  # the same answers, or the comparison means nothing
        assert parse_number(text).canonical == naive(text), text
    ours, ours_cpu = per_number_us(parse_number, typed, args.rounds)
    theirs, theirs_cpu = per_number_us(naive, typed, args.rounds)
    print(f"load average at start: {load:.1f}")
    print(
        f"typed numbers: parse_number {ours:.1f} µs a number (CPU {ours_cpu:.1f}); "
        f"phonenumbers parse + format {theirs:.1f} µs (CPU {theirs_cpu:.1f}), "
        f"{theirs / ours:.1f}x; target < 50 µs"
    )

    generator = random.Random(1)
    api = []
    for _ in range(2000):
        national = str(generator.choice([50, 63, 66, 67, 68, 73, 93, 95, 96, 97, 98, 44]))
        national += "".join(generator.choice("0123456789") for _ in range(7))
        api.append(generator.choice(["0", "380", "+380"]) + national)
    ours, ours_cpu = per_number_us(canonical, api, args.rounds)
    theirs, theirs_cpu = per_number_us(naive, api, args.rounds)
    print(
        f"API spellings: canonical {ours:.2f} µs a number (CPU {ours_cpu:.2f}); "
        f"phonenumbers parse + format {theirs:.1f} µs (CPU {theirs_cpu:.1f}), "
        f"{theirs / ours:.0f}x"
    )


if __name__ == "__main__":
    main()
