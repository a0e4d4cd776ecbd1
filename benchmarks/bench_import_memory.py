"""Peak memory of importing one big call file, per format, in a fresh process each.

    python benchmarks/bench_import_memory.py [--mb 1000] [--formats json,csv,xml] [--keep DIR]

Generates a file of about MB megabytes (the API's field names, names and departments; JSON in
the vendor's style with trailing commas, so the tolerant pass runs too), then runs
`fmc-desktop import FILE` as a child of a small watcher process and reports the child's peak
resident memory (`getrusage(RUSAGE_CHILDREN).ru_maxrss`) and the wall time. Target: under 600 MB
for any file up to the 1 GiB cap.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WATCHER = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(result.returncode, peak, repr(result.stdout[-300:] + result.stderr[-300:]))
"""


def call_fields(i: int, rng: random.Random) -> dict[str, object]:
    day, rest = divmod(i // 3, 86_400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    year = 2020 + day // 360
    month = 1 + day // 30 % 12
    stamp = f"{year}-{month:02d}-{1 + day % 28:02d} {hour:02d}:{minute:02d}:{second:02d}"
    return {
        "start_timestamp": stamp,
        "end_timestamp": stamp,
        # A 300-person company and 60,000 outside numbers, as in bench_archive.py: the
        # archive's work grows with the distinct numbers, which real call lists repeat.
        "calling_number": f"0671{rng.randrange(300):06d}",
        "called_number": f"050{rng.randrange(60_000):07d}",
        "duration": 0,
        "calling_name": "Олена Коваленко",
        "called_name": "Сергій Ткаченко",
        "calling_department": "Продажі",
        "called_department": "Підтримка",
    }


def generate(path: Path, fmt: str, megabytes: int, seed: int = 3) -> int:
    """A call file of about `megabytes` MB; returns how many calls it holds."""
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    written = 0
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        if fmt == "json":
            out.write('{\n  "calls": [\n')
        elif fmt == "xml":
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<calls>\n')
        else:
            header = ",".join(call_fields(0, rng))
            out.write(header + "\n")
        while written < target:
            lines = []
            for _ in range(10_000):
                fields = call_fields(count, rng)
                count += 1
                if fmt == "json":
                    body = json.dumps(fields, ensure_ascii=False)
                    lines.append("    " + body[:-1] + ",},\n")  # the vendor's trailing commas
                elif fmt == "xml":
                    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
                    lines.append(f"  <call>{inner}</call>\n")
                else:
                    lines.append(",".join(str(v) for v in fields.values()) + "\n")
            text = "".join(lines)
            out.write(text)
            written += len(text.encode())
        if fmt == "json":
            out.write("  ]\n}\n")
        elif fmt == "xml":
            out.write("</calls>\n")
    return count


def measure(path: Path, home: Path) -> tuple[int, float, float, str]:
    """Exit code, peak RSS in MB and seconds of `fmc-desktop import path` in a fresh process."""
    env = dict(os.environ, FMC_DESKTOP_HOME=str(home), PYTHONPATH=str(REPO))
    started = time.perf_counter()
    watcher = subprocess.run(
        [sys.executable, "-c", WATCHER, sys.executable, "-m", "fmc_desktop", "import", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    code, peak_kb, tail = watcher.stdout.split(" ", 2)
    return int(code), int(peak_kb) / 1024, seconds, tail.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1000)
    parser.add_argument("--formats", default="json,csv,xml")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fmc-bench-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for fmt in args.formats.split(","):
            path = folder / f"calls-{args.mb}mb.{fmt}"
            started = time.perf_counter()
            if not path.exists():
                calls = generate(path, fmt, args.mb)
                took = time.perf_counter() - started
                print(f"generated {path.name}: {calls:,} calls in {took:.0f} s")
            size = path.stat().st_size / (1 << 20)
            home = folder / f"home-{fmt}"
            shutil.rmtree(home, ignore_errors=True)
            code, peak, seconds, tail = measure(path, home)
            print(
                f"{fmt:5} {size:7.0f} MiB: exit {code}, peak RSS {peak:6.0f} MB, {seconds:6.1f} s"
                f"   {tail}"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
