"""How much reading a call list costs on top of the bare standard-library parse.

Builds 100,000 realistic calls (a busy week of a large office, names and departments on) in each
of the API's three formats, then times `parse_calls` against the bare parse of the same bytes
(`json.loads`, `csv.reader` over the decoded text, `ElementTree.fromstring`, and defusedxml's
`fromstring` for reference). Best of three runs each.

Run: .venv/bin/python benchmarks/bench_parsing.py [number_of_calls]
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmc_desktop.core.api.formats.reading import parse_calls

FIELDS = (
    "start_timestamp",
    "end_timestamp",
    "calling_number",
    "called_number",
    "duration",
    "calling_name",
    "called_name",
    "calling_department",
    "called_department",
)
FIRST_NAMES = ("Олена", "Іван", "Ґанна", "Михайло", "Юлія", "Петро", "Оксана", "Євген")
LAST_NAMES = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Олійник")
DEPARTMENTS = ("Бухгалтерія", "Продажі", "Підтримка", "Склад", "Керівництво")


def make_calls(count: int, seed: int = 7) -> list[dict[str, object]]:
    """A week of calls: office extensions in the PBX, outside numbers in every spelling."""
    rng = random.Random(seed)
    staff = [
        (
            f"067{rng.randrange(10**7):07d}",
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            rng.choice(DEPARTMENTS),
        )
        for _ in range(300)
    ]

    def outsider() -> str:
        body = f"{rng.choice(('50', '63', '66', '67', '68', '73', '93', '97', '98'))}"
        body += f"{rng.randrange(10**7):07d}"
        return rng.choice(("0", "380", "+380")) + body

    start = datetime(2024, 10, 21, 0, 0, 0)
    span = 7 * 24 * 3600
    calls: list[dict[str, object]] = []
    for offset in sorted(rng.randrange(span) for _ in range(count)):
        begins = start + timedelta(seconds=offset)
        duration = 0 if rng.random() < 0.2 else int(rng.expovariate(1 / 150))
        number, name, department = rng.choice(staff)
        other = outsider()
        outgoing = rng.random() < 0.5
        calls.append(
            {
                "start_timestamp": begins.strftime("%Y-%m-%d %H:%M:%S"),
                "end_timestamp": (begins + timedelta(seconds=duration)).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
                "calling_number": number if outgoing else other,
                "called_number": other if outgoing else number,
                "duration": duration,
                "calling_name": name if outgoing else "",
                "called_name": "" if outgoing else name,
                "calling_department": department if outgoing else "",
                "called_department": "" if outgoing else department,
            }
        )
    return calls


def as_json(calls: list[dict[str, object]]) -> bytes:
    return json.dumps({"calls": calls}, ensure_ascii=False, indent=2).encode("utf-8")


def as_vendor_json(calls: list[dict[str, object]]) -> bytes:
    """The vendor's example style: a trailing comma after each call's last field."""
    lines = ['{\n  "calls": [']
    for i, call in enumerate(calls):
        lines.append("    {")
        for name, value in call.items():
            lines.append(f"      {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},")
        lines.append("    }," if i < len(calls) - 1 else "    }")
    lines.append("  ]\n}\n")
    return "\n".join(lines).encode("utf-8")


def as_csv(calls: list[dict[str, object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(FIELDS)
    for call in calls:
        writer.writerow([call[name] for name in FIELDS])
    return out.getvalue().encode("utf-8")


def as_xml(calls: list[dict[str, object]]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<calls>\n']
    for call in calls:
        parts.append("  <call>")
        for name in FIELDS:
            parts.append(f"<{name}>{escape(str(call[name]))}</{name}>")
        parts.append("</call>\n")
    parts.append("</calls>\n")
    return "".join(parts).encode("utf-8")


def best_of_pair(
    runs: int, first: Callable[[], object], second: Callable[[], object]
) -> tuple[float, float]:
    """Best times of two jobs, run alternately so that a busy machine slows both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for i, work in enumerate((first, second)):
            began = time.perf_counter()
            work()
            best[i] = min(best[i], time.perf_counter() - began)
    return best[0], best[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    calls = make_calls(count)
    payloads = {
        "json": as_json(calls),
        "json (vendor style, trailing commas)": as_vendor_json(calls),
        "csv": as_csv(calls),
        "xml": as_xml(calls),
    }

    def bare_csv(data: bytes) -> object:
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))

    clean_json = payloads["json"]
    bare: dict[str, Callable[[bytes], object]] = {
        "json": lambda data: json.loads(data.decode("utf-8-sig")),
        # The bare parser cannot read trailing commas at all: compare with the clean document.
        "json (vendor style, trailing commas)": lambda _data: json.loads(
            clean_json.decode("utf-8-sig")
        ),
        "csv": bare_csv,
        "xml": ElementTree.fromstring,
    }
    print(f"{count:,} calls, best of 3; 'ratio' is ours / bare\n")
    print(f"{'format':<38}{'size':>9}{'bare s':>9}{'ours s':>9}{'ratio':>8}")
    for name, data in payloads.items():
        fmt = "json" if name.startswith("json") else name
        result = parse_calls(data, fmt)  # type: ignore[arg-type]
        if len(result.records) != count or result.rejected:
            raise SystemExit(f"{name}: parsed {len(result.records)}, {result.rejected[:3]}")
        bare_seconds, ours = best_of_pair(
            3,
            lambda data=data, name=name: bare[name](data),  # type: ignore[misc]
            lambda data=data, fmt=fmt: parse_calls(data, fmt),  # type: ignore[misc]
        )
        size = f"{len(data) / 1e6:.1f} MB"
        print(f"{name:<38}{size:>9}{bare_seconds:>9.3f}{ours:>9.3f}{ours / bare_seconds:>7.1f}x")
    safe, _ = best_of_pair(3, lambda: SafeElementTree.fromstring(payloads["xml"]), lambda: None)
    print(f"{'(xml via defusedxml, bare)':<38}{'':>9}{safe:>9.3f}")


if __name__ == "__main__":
    main()
