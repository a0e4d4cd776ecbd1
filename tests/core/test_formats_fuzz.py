"""Property tests: no input bytes make the readers fail with anything but a ParseError.

A server, a proxy or a file on disk can hand the program anything. Whatever it is, reading must
end in records, rejected rows, or a ParseError with a message: never a stray KeyError,
RecursionError or UnicodeError from deep inside. And whatever the writers produce reads back as
the same records.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.api.formats.csv_calls import write_csv
from fmc_desktop.core.api.formats.fields import Format, record_from_fields
from fmc_desktop.core.api.formats.json_calls import write_json
from fmc_desktop.core.api.formats.reading import detect_format, parse_calls
from fmc_desktop.core.api.records import KNOWN_FIELDS, OPTIONAL_FIELDS, CallRecord

FORMATS: tuple[Format, ...] = ("json", "csv", "xml")
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LOCATION = re.compile(r"(line|record) [1-9][0-9]*")


def assert_explains(error: ParseError) -> None:
    assert error.message
    assert "source" in error.details


def read_or_refuse(data: bytes, fmt: Format) -> None:
    """The property itself: records and rejected rows, or a ParseError that says something."""
    try:
        result = parse_calls(data, fmt)
    except ParseError as error:
        assert_explains(error)
        return
    for record in result.records:
        assert isinstance(record, CallRecord)
        assert record.start.tzinfo is not None
        assert record.duration >= 0
    for rejected in result.rejected:
        assert LOCATION.fullmatch(rejected.location), rejected.location
        assert rejected.reason
        assert isinstance(rejected.raw, dict)


# ----------------------------------------------------------------------------------------------
# Valid calls, to build valid documents from and to mutate

# Mostly ordinary times, some inside the repeated autumn hour of 2024-10-27.
wall_times = st.one_of(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31)),
    st.integers(0, 2 * 3600).map(lambda s: datetime(2024, 10, 27, 2, 30) + timedelta(seconds=s)),
)
phone_numbers = st.from_regex(r"\+?[0-9]{3,13}", fullmatch=True)
# Text as a display field may hold it: anything but surrogates and control characters.
display_text = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=12)
field_names = st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True).filter(
    lambda name: name not in KNOWN_FIELDS
)


@st.composite
def api_calls(
    draw: st.DrawFn, extra_values: st.SearchStrategy[object] = display_text
) -> dict[str, object]:
    start = draw(wall_times)
    duration = draw(st.integers(0, 3 * 3600))
    call: dict[str, object] = {
        "start_timestamp": start.strftime("%Y-%m-%d %H:%M:%S"),
        "end_timestamp": (start + timedelta(seconds=duration)).strftime("%Y-%m-%d %H:%M:%S"),
        "calling_number": draw(phone_numbers),
        "called_number": draw(phone_numbers),
        "duration": duration,
    }
    for name in OPTIONAL_FIELDS:
        if draw(st.booleans()):
            call[name] = draw(display_text)
    call.update(draw(st.dictionaries(field_names, extra_values, max_size=3)))
    return call


def as_xml(calls: list[dict[str, object]]) -> bytes:
    items = "".join(
        "<call>" + "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in call.items()) + "</call>"
        for call in calls
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<calls>{items}</calls>'.encode()


def valid_document(calls: list[dict[str, object]], fmt: Format) -> bytes:
    if fmt == "xml":
        return as_xml(calls)
    records = [record_from_fields(call) for call in calls]
    return write_json(records) if fmt == "json" else write_csv(records)


# Bytes that mean something to one of the parsers, to splice into valid documents.
SPECIAL = [
    b",",
    b";",
    b"\t",
    b"}",
    b"]",
    b"[",
    b"{",
    b'"',
    b"\\",
    b"\\ud800",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"</call>",
    b"<call/>",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\x98",
    b"-",
    b"9" * 30,
    b"9" * 5000,
    b"NaN",
    b"null",
    b"true",
    b"0001-01-01 00:00:00",
    b"9999-12-31 23:59:59",
    b"2024-10-27 03:30:00",
    b"2024-05-03 10:00+03",
    b"[" * 3000,
]


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["delete", "insert", "special", "flip", "copy", "cut"]))
        if operation == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "special":
            data[at:at] = draw(st.sampled_from(SPECIAL))
        elif operation == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif operation == "copy":
            piece = data[at : at + draw(st.integers(1, 64))]
            spot = draw(st.integers(0, len(data)))
            data[spot:spot] = piece
        elif operation == "cut":
            del data[at:]
    return bytes(data)


# ----------------------------------------------------------------------------------------------
# The properties


@FUZZ
@given(data=st.binary(max_size=400), fmt=st.sampled_from(FORMATS))
def test_random_bytes_are_read_or_refused(data: bytes, fmt: Format) -> None:
    read_or_refuse(data, fmt)


@FUZZ
@given(
    data=st.binary(max_size=200).map(lambda tail: b"start_timestamp;end_timestamp;" + tail),
)
def test_random_csv_after_a_plausible_header(data: bytes) -> None:
    read_or_refuse(data, "csv")


@settings(FUZZ, max_examples=300)
@given(st.data(), st.sampled_from(FORMATS), st.lists(api_calls(), min_size=1, max_size=4))
def test_mutated_documents_are_read_or_refused(
    data: st.DataObject, fmt: Format, calls: list[dict[str, object]]
) -> None:
    document = valid_document(calls, fmt)
    read_or_refuse(data.draw(mutated(document)), fmt)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2024-10-27 03:30:00", "0671234567", "14", "-1", " "]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    st.lists(
        st.dictionaries(st.sampled_from([*KNOWN_FIELDS, "x", ""]), json_values, max_size=10)
        | json_values,
        max_size=4,
    ),
    st.booleans(),
)
def test_json_records_of_any_shape_are_read_or_refused(calls: list[object], wrap: bool) -> None:
    document = {"calls": calls} if wrap else calls
    read_or_refuse(json.dumps(document).encode(), "json")


@FUZZ
@given(st.binary(max_size=100), st.sampled_from([None, "x.json", "x.csv", "x.xml", "x", ".txt"]))
def test_detect_format_answers_or_refuses(data: bytes, filename: str | None) -> None:
    try:
        fmt = detect_format(data, filename)
    except ParseError:
        return
    assert fmt in FORMATS


# ----------------------------------------------------------------------------------------------
# What the writers write reads back as the same records


json_extras = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)


@FUZZ
@given(st.lists(api_calls(extra_values=json_extras), max_size=5))
def test_write_json_reads_back_equal(calls: list[dict[str, object]]) -> None:
    records = [record_from_fields(call) for call in calls]
    again = parse_calls(write_json(records), "json")
    assert again.rejected == []
    assert again.records == records
    assert [r.start_utc for r in again.records] == [r.start_utc for r in records]
    assert [list(r.extra) for r in again.records] == [list(r.extra) for r in records]


# CSV has no types and no way to tell an empty cell from a missing one: extras are text.
csv_extras = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)


@FUZZ
@given(st.lists(api_calls(extra_values=csv_extras), max_size=5))
def test_write_csv_reads_back_equal(calls: list[dict[str, object]]) -> None:
    records = [record_from_fields(call) for call in calls]
    again = parse_calls(write_csv(records), "csv")
    assert again.rejected == []
    assert again.records == records
    assert [r.start_utc for r in again.records] == [r.start_utc for r in records]


@pytest.mark.parametrize("value", ["'=", "'=SUM(A1)", "''+1", "'", "'x", "=1", "'\t"])
def test_a_value_that_looks_neutralised_reads_back_as_written(value: str) -> None:
    # Found by the fuzz test above: an extra field holding `'=` came back as `=`.
    record = record_from_fields(
        {
            "start_timestamp": "2026-01-02 10:00:00",
            "end_timestamp": "2026-01-02 10:01:00",
            "calling_number": "0671234567",
            "called_number": "0441234567",
            "duration": "60",
            "note": value,
        }
    )
    again = parse_calls(write_csv([record]), "csv")
    assert again.records == [record]
    assert again.records[0].extra["note"] == value


@FUZZ
@given(st.lists(api_calls(), min_size=1, max_size=5))
def test_the_same_calls_are_equal_records_in_every_format(calls: list[dict[str, object]]) -> None:
    as_text: list[dict[str, object]] = [
        {name: str(value) for name, value in call.items()} for call in calls
    ]
    results = [parse_calls(valid_document(as_text, fmt), fmt) for fmt in FORMATS]
    assert results[0].rejected == []
    assert results[1] == results[0]
    assert results[2] == results[0]
