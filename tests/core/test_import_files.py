"""Importing files safely: only regular files, bounded memory, nothing ambiguous guessed."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import ExitCode, InvalidInputError, ParseError
from fmc_desktop.core.api.formats.json_calls import (
    WithoutTrailingCommas,
    _drop_trailing_commas,
    stream_json_calls,
)
from fmc_desktop.core.api.formats.reading import parse_calls
from fmc_desktop.core.api.formats.xml_calls import stream_xml_calls
from fmc_desktop.core.archive.call_import import (
    MAX_IMPORT_BYTES,
    _csv_pieces,
    import_file,
    import_files,
)
from fmc_desktop.core.archive.queries import CallQuery, Order
from fmc_desktop.core.archive.store import CallArchive

CORPUS = Path(__file__).resolve().parent.parent / "data" / "import"
HEADER = "start_timestamp,end_timestamp,calling_number,called_number,duration"


def stored(archive: CallArchive) -> list[tuple[str, str, int, str | None]]:
    return [
        (c.record.calling_number, c.record.called_number, c.record.duration, c.record.calling_name)
        for c in archive.iter_calls(CallQuery(order=Order.OLDEST_FIRST))
    ]


# --- the corpus ---------------------------------------------------------------------------------


def test_the_vendors_trailing_comma_json_is_read(archive: CallArchive) -> None:
    report = import_files(archive, [CORPUS / "vendor_trailing_commas.json"])
    assert report.exit_code is ExitCode.OK, report
    assert stored(archive) == [("0675376761", "0671234567", 14, None)]


@pytest.mark.parametrize("name", ["excel_unicode_text.txt", "utf16le_no_bom.csv"])
def test_utf16_csv_is_read(archive: CallArchive, name: str) -> None:
    report = import_files(archive, [CORPUS / name])
    assert report.exit_code is ExitCode.OK, report
    assert stored(archive) == [("0675376761", "0671234567", 14, "Олена Коваленко")]


def test_an_excel_csv_with_a_neutralised_formula_reads_back_the_formula(
    archive: CallArchive,
) -> None:
    report = import_files(archive, [CORPUS / "excel_csv_with_formula.csv"])
    assert report.exit_code is ExitCode.OK, report
    assert stored(archive) == [
        ("0675376761", "0671234567", 14, '=HYPERLINK("http://x";"y")'),
    ]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("duplicate_columns.csv", "two columns named duration"),
        ("nul_in_field.csv", "NUL byte on line 2"),
        ("empty.csv", "is empty"),
        ("header_only.csv", "no calls that could be read"),
        ("nothing_importable.csv", "all 2 were rejected"),
    ],
)
def test_ambiguous_or_empty_files_are_refused_with_exit_2(
    archive: CallArchive, name: str, says: str
) -> None:
    report = import_files(archive, [CORPUS / name])
    (outcome,) = report.files
    assert outcome.error is not None
    assert says in outcome.error.message
    assert report.exit_code is ExitCode.USAGE
    assert stored(archive) == []


# --- only regular files, at most 1 GiB ----------------------------------------------------------


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(
    archive: CallArchive, tmp_path: Path
) -> None:
    fifo = tmp_path / "calls.csv"
    os.mkfifo(fifo)
    done = threading.Event()
    reports = []

    def run() -> None:
        reports.append(import_files(archive, [fifo]))
        done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    if not done.wait(10):
        # Unblock the import (it opened the FIFO and waits for a writer) before failing.
        with open(fifo, "wb"):
            pass
        worker.join(5)
        pytest.fail("the import waited on the FIFO instead of refusing it")
    (outcome,) = reports[0].files
    assert isinstance(outcome.error, InvalidInputError)
    assert "not a regular file" in outcome.error.message
    assert reports[0].exit_code is ExitCode.USAGE


def test_a_folder_and_a_device_are_refused(archive: CallArchive, tmp_path: Path) -> None:
    report = import_files(archive, [tmp_path, Path("/dev/zero")])
    folder, device = report.files
    assert folder.error is not None
    assert "is a folder" in folder.error.message
    assert device.error is not None
    assert "not a regular file" in device.error.message


def test_a_file_over_the_cap_is_refused_before_it_is_read(
    archive: CallArchive, tmp_path: Path
) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as file:
        file.write(f"{HEADER}\n".encode())
        file.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no disk used
    (outcome,) = import_files(archive, [big]).files
    assert outcome.error is not None
    assert "files up to 1 GiB" in outcome.error.message


def test_a_line_of_hundreds_of_megabytes_is_refused_not_read_whole(
    archive: CallArchive, tmp_path: Path
) -> None:
    long_line = tmp_path / "long.csv"
    with long_line.open("wb") as file:
        file.write(f"{HEADER}\n".encode())
        file.truncate(200 << 20)  # 200 MB of zero bytes, no line end: sparse
    (outcome,) = import_files(archive, [long_line]).files
    assert outcome.error is not None
    assert "line longer than 16 MB" in outcome.error.message


# --- CSV in pieces ------------------------------------------------------------------------------


def test_a_csv_larger_than_one_piece_keeps_quoted_line_breaks_and_counts_lines(
    archive: CallArchive, tmp_path: Path
) -> None:
    """Read in 1 MB pieces (files over 128 MB are), the quoted breaks and the bad row's line
    number must come out as if the file were read whole."""
    rows = [f"{HEADER},calling_name\n"]
    size = len(rows[0])
    n = 0
    while size < 3 << 20:
        minute, second = divmod(n % 3600, 60)
        day = 1 + n // 3600 % 28
        name = '"Олена\nКоваленко"' if n % 7 == 0 else "Олена"
        line = (
            f"2026-02-{day:02d} 10:{minute:02d}:{second:02d},2026-02-{day:02d} "
            f"10:{minute:02d}:{second:02d},067{n:07d},0501234567,0,{name}\n"
        )
        rows.append(line)
        size += len(line.encode())
        n += 1
    bad_line = len(rows) + 1 + sum(r.count("\n") - 1 for r in rows)
    rows.append("2026-03-01 10:00:00,2026-03-01 10:00:00,0671112233,0501234567,ten,x\n")
    path = tmp_path / "big.csv"
    path.write_text("".join(rows), encoding="utf-8")
    pieces: list[int] = []
    outcome = import_file(
        archive,
        path,
        piece_bytes=1 << 20,
        on_progress=lambda done, total, calls: pieces.append(calls),
    )
    assert len(pieces) >= 3
    assert outcome.error is None
    assert outcome.new == n
    (rejected,) = outcome.rejected
    assert rejected.location == f"line {bad_line}"
    names = {c.record.calling_name for c in archive.iter_calls(CallQuery())}
    assert names == {"Олена", "Олена\nКоваленко"}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a", '"x\ny"', '"q""\n"""', "", '"\n\n"']), min_size=1),
    st.integers(min_value=1, max_value=40),
)
def test_pieces_end_only_between_rows(cells: list[str], piece_bytes: int) -> None:
    body = "".join(f"{cell},1\n" for cell in cells).encode()
    data = io.BytesIO(body)
    pieces = [(box.pop(), line) for box, line in _csv_pieces(b"", data.read, "x", piece_bytes)]
    assert b"".join(p for p, _ in pieces) == body
    rows = 0
    position = 0
    for piece, first_line in pieces:
        parsed = list(csv.reader(io.StringIO(piece.decode(), newline="")))
        assert all(len(row) == 2 for row in parsed), piece
        assert first_line == 1 + body[:position].count(b"\n")
        position += len(piece)
        rows += len(parsed)
    assert rows == len(cells)


# --- JSON and XML streamed ----------------------------------------------------------------------


class Dribble:
    """A byte stream that hands out a few bytes per read, to cut everything at odd places."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = io.BytesIO(data)
        self._step = step

    def read(self, size: int = -1, /) -> bytes:
        return self._data.read(self._step if size != 0 else 0)


json_texts = st.lists(
    st.one_of(
        st.sampled_from(['"', "\\", ",", "]", "}", "[", "{", " ", "\n", 'a", ', ", ]", ",\n}"]),
        st.text(alphabet='ab,]}"\\ \n', max_size=5),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(json_texts, st.integers(min_value=1, max_value=7))
def test_the_streaming_filter_removes_exactly_the_commas_the_whole_text_filter_does(
    text: str, step: int
) -> None:
    expected, _ = _drop_trailing_commas(text)
    data = text.encode()
    filtered = WithoutTrailingCommas(Dribble(data, step))
    out = b""
    while chunk := filtered.read(65536):
        out += chunk
    assert out.decode() == expected


def _vendor_json(count: int) -> bytes:
    calls = ",\n".join(
        "    {\n"
        f'      "start_timestamp": "2026-02-01 10:{i // 60 % 60:02d}:{i % 60:02d}",\n'
        f'      "end_timestamp": "2026-02-01 10:{i // 60 % 60:02d}:{i % 60:02d}",\n'
        f'      "calling_number": "067{i:07d}",\n'
        '      "called_number": "0501234567",\n'
        '      "duration": 0,\n'
        '      "calling_name": "a, \\"quoted\\" ]",\n'
        "    }"
        for i in range(count)
    )
    return ('{\n  "calls": [\n' + calls + ",\n  ]\n}\n").encode()


def test_trailing_comma_json_streams_to_the_same_calls_as_the_whole_text_parser() -> None:
    data = _vendor_json(120)
    whole = parse_calls(data, "json")
    batches = list(stream_json_calls(lambda: Dribble(data, 4096), "x", batch=50))
    assert [len(b.records) for b in batches] == [50, 50, 20]
    assert [r for b in batches for r in b.records] == whole.records


def test_json_that_fails_late_keeps_the_calls_handed_on_and_does_not_repeat_them() -> None:
    """A trailing comma only at the very end: the strict pass hands on two batches before it
    fails; the tolerant pass must not hand them on again."""
    items = [
        {
            "start_timestamp": f"2026-02-01 10:00:{i:02d}",
            "end_timestamp": f"2026-02-01 10:00:{i:02d}",
            "calling_number": f"067{i:07d}",
            "called_number": "0501234567",
            "duration": 0,
        }
        for i in range(25)
    ]
    data = (json.dumps(items)[:-1] + ",]").encode()
    batches = list(stream_json_calls(lambda: io.BytesIO(data), "x", batch=10))
    numbers = [r.calling_number for b in batches for r in b.records]
    assert numbers == [f"067{i:07d}" for i in range(25)]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"meta": 1}', 'no "calls" list'),
        (b'{"calls": {"a": 1}}', '"calls" entry that is not a list'),
        (b'"text"', "not a list of calls"),
        (b"[{]", "not valid JSON"),
    ],
)
def test_json_that_is_not_a_call_list_says_why(body: bytes, says: str) -> None:
    with pytest.raises(ParseError, match=says):
        list(stream_json_calls(lambda: io.BytesIO(body), "x"))


XML_SHAPES = [
    # elements, attributes, wrappers with a meta block, an empty call among calls
    b"<calls><call><start_timestamp>2026-02-01 10:00:00</start_timestamp>"
    b"<end_timestamp>2026-02-01 10:00:05</end_timestamp><calling_number>0671234567"
    b"</calling_number><called_number>0501234567</called_number><duration>5</duration>"
    b"</call><call/><call><duration>x</duration></call></calls>",
    b'<r><meta><count>2</count></meta><list><c start_timestamp="2026-02-01 10:00:00" '
    b'end_timestamp="2026-02-01 10:00:01" calling_number="1" called_number="2" duration="1"/>'
    b'<c start_timestamp="2026-02-01 11:00:00" end_timestamp="2026-02-01 11:00:01" '
    b'calling_number="3" called_number="4" duration="1"/></list></r>',
    b"<call><start_timestamp>2026-02-01 10:00:00</start_timestamp><end_timestamp>2026-02-01"
    b" 10:00:05</end_timestamp><calling_number>1</calling_number><called_number>2"
    b"</called_number><duration>5</duration><ownership><a>b</a></ownership></call>",
]


@pytest.mark.parametrize("body", XML_SHAPES)
def test_streamed_xml_finds_the_same_calls_as_the_whole_document_parser(body: bytes) -> None:
    whole = parse_calls(body, "xml")
    batches = list(stream_xml_calls(io.BytesIO(body), "x", batch=1))
    assert [r for b in batches for r in b.records] == whole.records
    assert [(r.location, r.reason) for b in batches for r in b.rejected] == [
        (r.location, r.reason) for r in whole.rejected
    ]


def test_xml_with_entities_is_refused() -> None:
    body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><calls>&a;</calls>'
    with pytest.raises(ParseError, match="declares entities"):
        list(stream_xml_calls(io.BytesIO(body), "x"))
