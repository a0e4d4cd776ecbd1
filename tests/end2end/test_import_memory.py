"""A large JSON import in a real process stays in bounded memory (the file is streamed).

The full 1 GiB measurement is benchmarks/bench_import_memory.py (figures in benchmarks/RESULTS.md);
this test keeps the file modest. Read whole, as before streaming, a 60 MB JSON call list (the
benchmark's) took a 596 MB peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, cli_env

WATCHER = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.write(result.stderr)
"""


def _vendor_json(path: Path, megabytes: int) -> int:
    """A call list in the vendor's style (a trailing comma in every call), about this big."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{"calls": [\n')
        written = 0
        while written < megabytes * 1_000_000:
            lines = []
            for _ in range(5_000):
                day, rest = divmod(count, 86_400)
                stamp = f"2025-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} {rest // 3600:02d}:"
                stamp += f"{rest // 60 % 60:02d}:{rest % 60:02d}"
                fields = {
                    "start_timestamp": stamp,
                    "end_timestamp": stamp,
                    "calling_number": f"0671{count % 300:06d}",
                    "called_number": f"050{count * 7919 % 50_000:07d}",
                    "duration": 0,
                    "calling_name": "Олена Коваленко",
                    "calling_department": "Продажі",
                    "note": "x" * 40,
                }
                lines.append(json.dumps(fields, ensure_ascii=False)[:-1] + ",},\n")
                count += 1
            text = "".join(lines)
            out.write(text)
            written += len(text.encode())
        out.write("]}\n")
    return count


def test_a_60_mb_json_import_peaks_far_below_the_file_read_whole(
    tmp_path: Path, isolated_environment: Path
) -> None:
    source = tmp_path / "calls.json"
    count = _vendor_json(source, 60)
    assert source.stat().st_size > 60_000_000
    env = cli_env(isolated_environment, PYTHONPATH=str(REPO_ROOT))
    watcher = subprocess.run(
        [sys.executable, "-c", WATCHER, sys.executable, "-m", "fmc_desktop", "import", str(source)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        cwd=os.fspath(tmp_path),
    )
    code, peak_kb = map(int, watcher.stdout.split())
    assert code == 0, watcher.stderr
    peak_mb = peak_kb / 1024
    # Streamed: the interpreter, numpy, SQLite and one batch of calls (~270 MB measured).
    assert peak_mb < 400, f"peak {peak_mb:.0f} MB for {count} calls"
