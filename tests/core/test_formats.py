"""Reading and writing the API's three call-list formats."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

import pytest

from fmc_desktop.core.api.errors import ErrorKind, ParseError
from fmc_desktop.core.api.formats.csv_calls import csv_columns, write_csv
from fmc_desktop.core.api.formats.fields import Format, ParseResult, record_from_fields
from fmc_desktop.core.api.formats.json_calls import write_json
from fmc_desktop.core.api.formats.reading import detect_format, parse_calls
from fmc_desktop.core.api.kyiv import KYIV
from fmc_desktop.core.api.records import REQUIRED_FIELDS, CallRecord

# The vendor's own response example, byte for byte, trailing comma included.
VENDOR_EXAMPLE = b"""{
  "calls": [
    {
      "end_timestamp": "2017-04-29 21:39:48",
      "start_timestamp": "2017-04-29 21:39:35",
      "calling_number": "0675376761",
      "duration": 14,
      "called_number": "0671234567",
    }
  ]
}
"""

# Calls as the API would send them with names=on, departments=on and ownership=on, the last
# guessed: the client must keep whatever that flag adds.
CALLS: list[dict[str, str]] = [
    {
        "start_timestamp": "2024-05-03 09:15:00",
        "end_timestamp": "2024-05-03 09:17:05",
        "calling_number": "0671234567",
        "called_number": "+380441111111",
        "duration": "125",
        "calling_name": "Олена Шевченко",
        "called_name": "",
        "calling_department": "Бухгалтерія",
        "called_department": "",
        "calling_ownership": "internal",
        "called_ownership": "external",
    },
    {
        "start_timestamp": "2024-05-03 10:00:00",
        "end_timestamp": "2024-05-03 10:00:00",
        "calling_number": "380987654321",
        "called_number": "0671234567",
        "duration": "0",
        "calling_name": "",
        "called_name": "Олена Шевченко",
        "calling_department": "",
        "called_department": "Бухгалтерія",
        "calling_ownership": "external",
        "called_ownership": "internal",
    },
    {
        # Separators, quotes and markup inside values must survive every format.
        "start_timestamp": "2024-05-03 11:30:10",
        "end_timestamp": "2024-05-03 11:31:10",
        "calling_number": "0501112233",
        "called_number": "0672223344",
        "duration": "60",
        "calling_name": 'ТОВ "Ромашка"; склад, 2',
        "called_name": "Ґанна <Ткаченко> & Co",
        "calling_department": "",
        "called_department": "Продажі\tопт",
        "calling_ownership": "external",
        "called_ownership": "internal",
    },
]


def as_json(calls: list[dict[str, str]], *, trailing_commas: bool = False) -> bytes:
    text = json.dumps({"calls": calls}, ensure_ascii=False, indent=2)
    if trailing_commas:
        text = text.replace('"\n    }', '",\n    }')
    return text.encode("utf-8")


def as_csv(
    calls: list[dict[str, str]],
    delimiter: str = ";",
    line_end: str = "\r\n",
    encoding: str = "utf-8",
) -> bytes:
    def cell(value: str) -> str:
        if any(c in value for c in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    names = list(calls[0])
    lines = [delimiter.join(names)]
    lines += [delimiter.join(cell(call[name]) for name in names) for call in calls]
    return (line_end.join(lines) + line_end).encode(encoding)


def as_xml(calls: list[dict[str, str]], root: str = "calls", item: str = "call") -> bytes:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>\n']
    for call in calls:
        parts.append(f"  <{item}>\n")
        parts += [f"    <{name}>{escape(value)}</{name}>\n" for name, value in call.items()]
        parts.append(f"  </{item}>\n")
    parts.append(f"</{root}>\n")
    return "".join(parts).encode("utf-8")


def only(result: ParseResult) -> CallRecord:
    assert result.rejected == []
    assert len(result.records) == 1
    return result.records[0]


def kyiv(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KYIV, fold=fold)


# ----------------------------------------------------------------------------------------------
# The vendor's example and equality across formats


def test_vendor_example_with_its_trailing_comma_is_read() -> None:
    record = only(parse_calls(VENDOR_EXAMPLE, "json"))

    assert record.start == kyiv("2017-04-29 21:39:35")
    assert record.end == kyiv("2017-04-29 21:39:48")
    assert record.start_utc == datetime(2017, 4, 29, 18, 39, 35, tzinfo=UTC)  # EEST, UTC+3
    assert record.calling_number == "0675376761"
    assert record.called_number == "0671234567"
    assert record.duration == 14
    assert record.calling_name is None
    assert dict(record.extra) == {}


def test_the_same_calls_give_equal_records_in_all_three_formats() -> None:
    from_json = parse_calls(as_json(CALLS), "json")
    from_vendor_json = parse_calls(as_json(CALLS, trailing_commas=True), "json")
    from_csv = parse_calls(as_csv(CALLS), "csv")
    from_xml = parse_calls(as_xml(CALLS), "xml")

    assert from_json.rejected == []
    assert len(from_json.records) == 3
    assert from_vendor_json == from_json
    assert from_csv == from_json
    assert from_xml == from_json


def test_typed_fields_optional_fields_and_extras() -> None:
    first, second, third = parse_calls(as_csv(CALLS), "csv").records

    assert first.called_number == "+380441111111"  # the plus is kept
    assert first.calling_number == "0671234567"  # and the leading zero
    assert first.duration == 125
    assert first.calling_name == "Олена Шевченко"
    assert first.called_name is None  # empty optional values are None
    assert first.calling_department == "Бухгалтерія"
    assert first.called_department is None
    assert dict(first.extra) == {"calling_ownership": "internal", "called_ownership": "external"}
    assert list(first.extra) == ["calling_ownership", "called_ownership"]
    assert not second.answered
    assert third.calling_name == 'ТОВ "Ромашка"; склад, 2'
    assert third.called_name == "Ґанна <Ткаченко> & Co"
    assert third.called_department == "Продажі\tопт"


def test_json_keeps_the_type_of_unknown_fields() -> None:
    call = dict(CALLS[0], direction="in", internal=True, cost=1.25, trunk=7, note=None, blank="")
    call["route"] = ["a", "b"]  # type: ignore[assignment]  # nested: kept as its JSON text
    record = only(parse_calls(json.dumps([call]).encode(), "json"))

    assert record.extra["direction"] == "in"
    assert record.extra["internal"] is True
    assert record.extra["cost"] == 1.25
    assert record.extra["trunk"] == 7
    assert record.extra["note"] is None
    assert record.extra["route"] == '["a", "b"]'
    # Empty text counts as absent, as it must in CSV, so every format gives the same record.
    assert "blank" not in record.extra
    with pytest.raises(TypeError):
        record.extra["direction"] = "out"  # type: ignore[index]


def test_json_numbers_for_phone_numbers_become_digit_strings() -> None:
    call = {
        "start_timestamp": "2024-05-03 09:15:00",
        "end_timestamp": "2024-05-03 09:15:14",
        "calling_number": 380671234567,
        "called_number": 671234567.0,
        "duration": 14,
    }
    record = only(parse_calls(json.dumps({"calls": [call]}).encode(), "json"))
    assert record.calling_number == "380671234567"
    assert record.called_number == "671234567"


def test_a_bare_array_is_read_as_well_as_the_vendor_shape() -> None:
    bare = json.dumps(CALLS, ensure_ascii=False).encode()
    assert parse_calls(bare, "json") == parse_calls(as_json(CALLS), "json")


def test_a_calls_list_of_null_means_no_calls() -> None:
    assert parse_calls(b'{"calls": null}', "json") == ParseResult([], [])
    assert parse_calls(b'{"calls": []}', "json") == ParseResult([], [])


@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_a_utf8_bom_is_ignored(fmt: Format) -> None:
    writers: dict[str, Callable[[list[dict[str, str]]], bytes]] = {
        "json": as_json,
        "xml": as_xml,
        "csv": as_csv,
    }
    data = writers[fmt](CALLS)
    assert parse_calls(b"\xef\xbb\xbf" + data, fmt) == parse_calls(data, fmt)


# ----------------------------------------------------------------------------------------------
# JSON errors


def test_invalid_json_says_where() -> None:
    data = b'{\n  "calls": [\n    {"duration": 14 "x": 1}\n  ]\n}'
    with pytest.raises(ParseError) as caught:
        parse_calls(data, "json", source="callstat.json")
    error = caught.value
    assert error.kind is ErrorKind.UNPARSEABLE
    assert error.message.startswith("callstat.json is not valid JSON (line 3, column 21)")
    assert error.details == {"source": "callstat.json", "line": 3, "column": 21}


def test_position_of_an_error_after_a_trailing_comma_is_in_the_original_text() -> None:
    data = b'{"calls": [\n {"a": 1,},\n {"a": 2,} x\n]}'
    with pytest.raises(ParseError, match=r"The response is not valid JSON \(line 3, column 12\)"):
        parse_calls(data, "json")


def test_commas_inside_strings_are_not_trailing_commas() -> None:
    call = dict(CALLS[0], calling_name='Іван ,} \\", ]', called_name="x,]")
    text = json.dumps({"calls": [call]}, ensure_ascii=False, indent=1)
    data = text.replace('"\n  }', '",\n  }').encode()  # one real trailing comma as well
    assert data != text.encode()
    record = only(parse_calls(data, "json"))
    assert record.calling_name == 'Іван ,} \\", ]'
    assert record.called_name == "x,]"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"error": "bad token"}', 'has no "calls" list'),
        (b'{"calls": "none"}', 'has a "calls" entry that is not a list'),
        (b'"calls"', "is JSON but not a list of calls"),
        (b"", "is not valid JSON"),
        (b"[" * 50_000, "nested too deeply"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b"[" + b"1" * 5000 + b"]", "is not valid JSON"),  # Python's int-size guard
    ],
)
def test_unreadable_json_is_a_parse_error(data: bytes, problem: str) -> None:
    with pytest.raises(ParseError, match=problem):
        parse_calls(data, "json")


def test_json_records_that_are_not_objects_are_rejected_alone() -> None:
    data = json.dumps([CALLS[0], [1, 2], "x", None, CALLS[1]]).encode()
    result = parse_calls(data, "json")
    assert len(result.records) == 2
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("record 2", "the record is a list, not an object"),
        ("record 3", "the record is text, not an object"),
        ("record 4", "the record is null, not an object"),
    ]


def test_a_lone_surrogate_escape_rejects_only_its_record() -> None:
    bad = json.dumps(dict(CALLS[1], calling_name="\ud800"))
    data = ("[" + json.dumps(CALLS[0]) + "," + bad + "]").encode()
    result = parse_calls(data, "json")
    assert len(result.records) == 1
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("record 2", "the record contains text that is not valid Unicode")
    ]


# ----------------------------------------------------------------------------------------------
# Malformed calls are rejected with where and why; the good ones stay


BAD_FIELDS = [
    ({"duration": "abc"}, "duration is not a whole number: 'abc'"),
    ({"duration": "-5"}, "duration is negative: '-5'"),
    ({"duration": "1.5"}, "duration is not a whole number: '1.5'"),
    ({"duration": ""}, "duration is empty"),
    ({"start_timestamp": "2024-05-03"}, "start_timestamp is not a date and time like"),
    ({"start_timestamp": "2024-02-30 10:00:00"}, "start_timestamp is not a date and time like"),
    ({"end_timestamp": "2024-05-03 10:00+03"}, "end_timestamp is not a date and time like"),
    ({"end_timestamp": " "}, "end_timestamp is empty"),
    (
        {"start_timestamp": "0001-01-01 00:00:00"},
        "start_timestamp or end_timestamp is outside the dates this program can handle",
    ),
]


@pytest.mark.parametrize(("change", "reason"), BAD_FIELDS)
def test_bad_values_are_rejected_in_every_format(change: dict[str, str], reason: str) -> None:
    calls = [CALLS[0], dict(CALLS[1], **change), CALLS[2]]
    for fmt, data, location in [
        ("json", as_json(calls), "record 2"),
        ("csv", as_csv(calls), "line 3"),
        ("xml", as_xml(calls), "record 2"),
    ]:
        result = parse_calls(data, fmt)  # type: ignore[arg-type]
        assert [r.calling_number for r in result.records] == ["0671234567", "0501112233"], fmt
        assert len(result.rejected) == 1, fmt
        rejected = result.rejected[0]
        assert rejected.location == location, fmt
        assert rejected.reason.startswith(reason), (fmt, rejected.reason)
        assert rejected.raw["calling_number"] == "380987654321", fmt


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_a_missing_field_is_named(field: str) -> None:
    call = {k: v for k, v in CALLS[0].items() if k != field}
    result = parse_calls(json.dumps([call, CALLS[1]]).encode(), "json")
    assert len(result.records) == 1
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("record 1", f"{field} is missing")
    ]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"duration": True}, "duration is not a whole number: True"),
        ({"duration": -1}, "duration is negative: -1"),
        ({"duration": 1.5}, "duration is not a whole number: 1.5"),
        ({"duration": 2**64}, "duration is too large"),
        ({"duration": "9" * 30}, "duration is too large"),
        ({"calling_number": ["067"]}, "calling_number is not a phone number: ['067']"),
        ({"called_number": -380}, "called_number is not a phone number: -380"),
        ({"start_timestamp": 20240503}, "start_timestamp is not a date and time: 20240503"),
        ({"calling_name": {"a": 1}}, "calling_name is not text: {'a': 1}"),
    ],
)
def test_record_from_fields_gives_plain_reasons(fields: dict[str, object], reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)) as caught:
        record_from_fields({**CALLS[0], **fields})
    assert str(caught.value).startswith(reason)


def test_record_from_fields_takes_whole_numbers_and_nulls() -> None:
    record = record_from_fields({**CALLS[0], "duration": 14.0, "calling_number": None})
    assert record.duration == 14
    assert record.calling_number == ""  # a hidden caller: the call is kept


def test_a_long_bad_value_is_shortened_in_the_reason() -> None:
    with pytest.raises(ValueError, match=r"^duration is not a whole number: 'x+\.\.\.$"):
        record_from_fields({**CALLS[0], "duration": "x" * 10_000})


# ----------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_sniffed_from_the_header(delimiter: str) -> None:
    result = parse_calls(as_csv(CALLS, delimiter=delimiter), "csv")
    assert result == parse_calls(as_json(CALLS), "json")


def test_csv_quoted_fields_may_hold_delimiters_quotes_and_line_breaks() -> None:
    call = dict(CALLS[0], calling_name='Перший; "другий",\r\nтретій')
    result = parse_calls(as_csv([call, CALLS[1]], delimiter=","), "csv")
    assert result.rejected == []
    assert result.records[0].calling_name == 'Перший; "другий",\r\nтретій'


def test_csv_windows_1251_is_read() -> None:
    data = as_csv(CALLS, encoding="cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert parse_calls(data, "csv") == parse_calls(as_csv(CALLS), "csv")


def test_csv_that_is_neither_utf8_nor_1251_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="neither UTF-8 nor Windows-1251"):
        parse_calls(b"start_timestamp\x98", "csv")


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_csv_line_ends(line_end: str) -> None:
    assert parse_calls(as_csv(CALLS, line_end=line_end), "csv").records == (
        parse_calls(as_json(CALLS), "json").records
    )


def test_csv_header_names_may_have_spaces_and_a_stray_bom() -> None:
    data = as_csv(CALLS).decode()
    header, rest = data.split("\r\n", 1)
    padded = ";".join(f" {name}\t" for name in header.split(";"))
    result = parse_calls(("\ufeff" + padded + "\r\n" + rest).encode("utf-8"), "csv")
    assert result == parse_calls(as_csv(CALLS), "csv")


def test_csv_rows_with_the_wrong_field_count_are_rejected_by_line() -> None:
    lines = as_csv(CALLS).decode().split("\r\n")
    # header, call 1, a short row, a blank line, call 2, a long row, call 3
    text = "\r\n".join(
        [lines[0], lines[1], "2024-05-03 09:15:00;x", "", lines[2], lines[3] + ";extra", lines[3]]
    )
    result = parse_calls(text.encode(), "csv")

    assert len(result.records) == 3
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("line 3", "the row has 2 fields but the header has 11"),
        ("line 6", "the row has 12 fields but the header has 11"),
    ]
    assert result.rejected[0].raw == {
        "start_timestamp": "2024-05-03 09:15:00",
        "end_timestamp": "x",
    }
    assert result.rejected[1].raw["(extra cells)"] == ["extra"]


def test_csv_line_numbers_count_physical_lines_of_multiline_fields() -> None:
    first = dict(CALLS[0], calling_name="one\ntwo\nthree")
    bad = dict(CALLS[1], duration="soon")
    result = parse_calls(as_csv([first, bad], line_end="\n"), "csv")
    assert [r.location for r in result.rejected] == ["line 5"]


def test_csv_blank_lines_and_rows_of_bare_delimiters_are_skipped() -> None:
    lines = as_csv(CALLS).decode().split("\r\n")
    text = "\r\n\r\n" + lines[0] + "\r\n\r\n;;;;;;;;;;\r\n" + lines[1] + "\r\n   \r\n"
    result = parse_calls(text.encode(), "csv")
    assert result.rejected == []
    assert len(result.records) == 1


def test_csv_header_without_required_columns_names_them() -> None:
    data = b"start_timestamp;end_timestamp;calling_number;caller\n2024-05-03 09:15:00;;;\n"
    with pytest.raises(ParseError) as caught:
        parse_calls(data, "csv")
    assert caught.value.message == (
        "The response is CSV without the columns called_number, duration (header on line 1)."
    )
    assert caught.value.details["missing"] == ["called_number", "duration"]


def test_csv_that_breaks_the_reader_is_a_parse_error_with_its_line() -> None:
    data = ",".join(REQUIRED_FIELDS).encode() + b"\n" + b"x" * 200_000 + b"\n"
    with pytest.raises(ParseError, match=r"is not valid CSV \(line 2\): field larger"):
        parse_calls(data, "csv")


def test_an_empty_csv_has_no_calls() -> None:
    assert parse_calls(b"", "csv") == ParseResult([], [])
    assert parse_calls(b"\r\n", "csv") == ParseResult([], [])
    assert parse_calls(";".join(REQUIRED_FIELDS).encode() + b"\r\n", "csv") == ParseResult([], [])


def test_csv_unknown_columns_keep_their_text_and_empty_cells_mean_absent() -> None:
    data = (
        b"start_timestamp,end_timestamp,calling_number,called_number,duration,direction,cost\n"
        b"2024-05-03 09:15:00,2024-05-03 09:15:14,067,068,14,in,\n"
    )
    record = only(parse_calls(data, "csv"))
    assert dict(record.extra) == {"direction": "in"}


# ----------------------------------------------------------------------------------------------
# XML


def test_xml_with_any_root_and_record_tag_names() -> None:
    data = as_xml(CALLS, root="response", item="item")
    wrapped = data.replace(b"<response>", b"<response><status>ok</status><calls>").replace(
        b"</response>", b"</calls><count>3</count></response>"
    )
    assert parse_calls(wrapped, "xml") == parse_calls(as_json(CALLS), "json")


def test_xml_records_given_as_attributes() -> None:
    items = "".join(
        "<call " + " ".join(f"{k}={quoteattr(v)}" for k, v in call.items()) + "/>\n"
        for call in CALLS
    )
    data = f'<?xml version="1.0"?>\n<calls count="3">\n{items}</calls>'.encode()
    assert parse_calls(data, "xml") == parse_calls(as_json(CALLS), "json")


def test_xml_namespaces_are_ignored() -> None:
    data = as_xml(CALLS).replace(b"<calls>", b'<calls xmlns="urn:x-kyivstar:cdr">')
    assert parse_calls(data, "xml") == parse_calls(as_json(CALLS), "json")


def test_xml_a_field_with_structure_is_kept_as_markup() -> None:
    data = as_xml(CALLS[:1]).replace(
        b"</call>", b"<ownership><calling>internal</calling><called>no</called></ownership></call>"
    )
    record = only(parse_calls(data, "xml"))
    assert record.extra["ownership"] == "<calling>internal</calling><called>no</called>"
    assert record.calling_name == "Олена Шевченко"


def test_xml_without_calls_has_none() -> None:
    assert parse_calls(b"<calls/>", "xml") == ParseResult([], [])
    assert parse_calls(b'<response status="ok"><calls></calls></response>', "xml") == (
        ParseResult([], [])
    )


def test_xml_an_empty_call_among_calls_is_rejected() -> None:
    data = as_xml(CALLS).replace(b"</calls>", b"<call/></calls>")
    result = parse_calls(data, "xml")
    assert len(result.records) == 3
    assert [(r.location, r.reason) for r in result.rejected] == [
        ("record 4", "the record has no fields")
    ]


def test_xml_entity_bomb_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<calls><call><calling_name>&lol3;</calling_name></call></calls>"""
    with pytest.raises(ParseError, match="declares entities"):
        parse_calls(bomb, "xml")


def test_xml_external_entity_is_refused() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE calls [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<calls><call><calling_name>&secret;</calling_name></call></calls>"""
    with pytest.raises(ParseError, match="declares entities"):
        parse_calls(data, "xml")


def test_invalid_xml_says_where() -> None:
    data = b"<calls>\n  <call>\n    <duration>14</call>\n</calls>"
    with pytest.raises(ParseError) as caught:
        parse_calls(data, "xml")
    assert caught.value.message == (
        "The response is not valid XML (line 3, column 19): mismatched tag."
    )
    assert caught.value.details["line"] == 3


@pytest.mark.parametrize("data", [b"", b"   ", b"not xml", b'<?xml version="1.0"?>'])
def test_unreadable_xml_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match="not valid XML"):
        parse_calls(data, "xml")


def test_xml_in_windows_1251_with_a_declaration() -> None:
    data = as_xml(CALLS).decode().replace("UTF-8", "windows-1251").encode("cp1251")
    assert parse_calls(data, "xml") == parse_calls(as_json(CALLS), "json")


# ----------------------------------------------------------------------------------------------
# The repeated autumn hour


def test_a_call_across_the_repeated_hour_is_resolved_by_its_duration() -> None:
    # 2024-10-27: 04:00 EEST becomes 03:00 EET, so 03:00-04:00 happens twice. A call from 03:50
    # (first time round) to 03:10 (second time round) lasted 20 minutes.
    call = {
        "start_timestamp": "2024-10-27 03:50:00",
        "end_timestamp": "2024-10-27 03:10:00",
        "calling_number": "0671234567",
        "called_number": "0501112233",
        "duration": "1200",
    }
    for fmt, data in [("json", as_json([call])), ("csv", as_csv([call])), ("xml", as_xml([call]))]:
        record = only(parse_calls(data, fmt))  # type: ignore[arg-type]
        assert record.start.fold == 0, fmt
        assert record.end.fold == 1, fmt
        assert record.start_utc == datetime(2024, 10, 27, 0, 50, tzinfo=UTC), fmt
        assert record.end_utc == datetime(2024, 10, 27, 1, 10, tzinfo=UTC), fmt


def test_a_call_inside_the_second_repeated_hour_is_told_apart_by_its_duration() -> None:
    # 02:50 happens once (EEST); 03:20 twice. 30 minutes means the first 03:20, 90 the second.
    base = {
        "calling_number": "067",
        "called_number": "050",
        "start_timestamp": "2024-10-27 02:50:00",
    }
    short = record_from_fields({**base, "end_timestamp": "2024-10-27 03:20:00", "duration": 1800})
    long = record_from_fields({**base, "end_timestamp": "2024-10-27 03:20:00", "duration": 5400})
    assert (short.end.fold, long.end.fold) == (0, 1)
    assert long.end_utc - short.end_utc == timedelta(hours=1)


# ----------------------------------------------------------------------------------------------
# Writing, and reading back what was written


def records_with_everything() -> list[CallRecord]:
    records = parse_calls(as_json(CALLS), "json").records
    fold_call = {
        "start_timestamp": "2024-10-27 03:50:00",
        "end_timestamp": "2024-10-27 03:10:00",
        "calling_number": "+380671234567",
        "called_number": "0501112233",
        "duration": 1200,
        "note": "через годину, що повторюється",
    }
    return [*records, record_from_fields(fold_call)]


def test_write_json_reads_back_equal() -> None:
    records = records_with_everything()
    data = write_json(records)
    assert data.startswith(b'[\n  {\n    "start_timestamp": "2024-05-03 09:15:00",')
    assert "Олена".encode() in data  # not \u-escaped
    again = parse_calls(data, "json")
    assert again.rejected == []
    assert again.records == records
    assert [r.start_utc for r in again.records] == [r.start_utc for r in records]


def test_write_json_keeps_typed_extras() -> None:
    record = record_from_fields({**CALLS[0], "internal": True, "trunk": 7, "note": None})
    assert only(parse_calls(write_json([record]), "json")) == record


def test_write_csv_reads_back_equal() -> None:
    records = records_with_everything()
    data = write_csv(records)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    again = parse_calls(data, "csv")
    assert again.rejected == []
    assert again.records == records
    assert [r.start_utc for r in again.records] == [r.start_utc for r in records]


def test_csv_columns_order() -> None:
    records = records_with_everything()
    assert csv_columns(records) == [
        *REQUIRED_FIELDS,
        "calling_name",
        "called_name",
        "calling_department",
        "called_department",
        "calling_ownership",
        "called_ownership",
        "note",
    ]
    assert csv_columns(records[3:]) == [*REQUIRED_FIELDS, "note"]
    assert write_csv(records).decode().split("\n", 1)[0] == ",".join(csv_columns(records))


def test_write_csv_spells_json_values_plainly() -> None:
    record = record_from_fields({**CALLS[1], "internal": False, "note": None, "cost": 0.5})
    header, row = write_csv([record]).decode().splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert (cells["internal"], cells["note"], cells["cost"]) == ("false", "", "0.5")


def test_writing_nothing() -> None:
    assert json.loads(write_json([])) == []
    assert write_csv([]) == (",".join(REQUIRED_FIELDS) + "\n").encode()
    assert parse_calls(write_csv([]), "csv") == ParseResult([], [])


# ----------------------------------------------------------------------------------------------
# Telling the formats apart


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("callstat_2017-04-29T14:25:00_2017-05-03T17:24:55.json", "json"),
        ("CALLS.CSV", "csv"),
        ("archive/week.xml", "xml"),
    ],
)
def test_detect_format_by_extension(filename: str, expected: Format) -> None:
    assert detect_format(b"whatever", filename) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (VENDOR_EXAMPLE, "json"),
        (b"\xef\xbb\xbf  [\n]", "json"),
        (b'<?xml version="1.0"?><calls/>', "xml"),
        (b"\xef\xbb\xbfstart_timestamp;end_timestamp\r\n", "csv"),
    ],
)
def test_detect_format_by_content(data: bytes, expected: Format) -> None:
    assert detect_format(data) == expected
    assert detect_format(data, "download.txt") == expected


def test_detect_format_gives_up_with_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"Cannot tell whether notes\.txt is CSV, JSON or XML"):
        detect_format(b"hello", "notes.txt")
    with pytest.raises(ParseError):
        detect_format(b"")


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        parse_calls(b"[]", "yaml")  # type: ignore[arg-type]
