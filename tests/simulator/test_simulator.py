"""The simulator keeps every rule of the vendor's document, and its faults do what they say.

Plain `requests` over loopback: this is the server's own test, so no project client is involved.
The `simulator` fixture runs on a ManualClock at 2026-11-20 08:00 UTC (10:00 Kyiv, a Friday).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import re
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import requests
from defusedxml import ElementTree

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.kyiv import from_utc, parse_naive, to_utc
from fmc_desktop.simulator import Company, Fault, Simulator

CDR = "/api/cdr/v1/callstat."
ORIGINATE = "/api/onebox/v1/originate"
# Thursday before the fixture's "now": a whole working day of calls.
THURSDAY = {"from": "2026-11-19T00:00:00", "to": "2026-11-19T23:59:59"}
ONE_HOUR = {"from": "2026-11-19T10:00:00", "to": "2026-11-19T11:00:00"}
BASE = ["end_timestamp", "start_timestamp", "calling_number", "duration", "called_number"]
ALL_FLAGS = {"names": "on", "departments": "on", "ownership": "on"}


RIGHT = "the simulator's own token"


def get(
    sim: Simulator,
    path: str,
    params: dict[str, str] | None = None,
    *,
    token: str | None = RIGHT,
    **kwargs: Any,
) -> requests.Response:
    """GET with the simulator's token unless another one (or None: no token) is given."""
    query = dict(params or {})
    if token is not None:
        query["token"] = sim.token if token == RIGHT else token
    return requests.get(sim.base_url + path, params=query, timeout=10, **kwargs)


def cdr(sim: Simulator, params: dict[str, str], fmt: str = "json", **kw: Any) -> requests.Response:
    return get(sim, CDR + fmt, params, **kw)


def calls(response: requests.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()["calls"]
    return result


def originate(
    sim: Simulator, calling: str | None, called: str | None, **kw: Any
) -> requests.Response:
    params = {}
    if calling is not None:
        params["calling_number"] = calling
    if called is not None:
        params["called_number"] = called
    return get(sim, ORIGINATE, params, **kw)


def as_text(records: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in r.items()} for r in records]


def parse_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def parse_xml(body: bytes) -> list[dict[str, str]]:
    root = ElementTree.fromstring(body)
    return [{child.tag: child.text or "" for child in call} for call in root]


def utc_of(wall_text: str) -> datetime:
    return to_utc(parse_naive(wall_text))


# -- the company ---------------------------------------------------------------------------------


def test_company_looks_like_a_real_small_business() -> None:
    company = Company(1)
    assert 30 <= len(company.subscribers) <= 40
    assert company.user is company.subscribers[0]
    assert company.numbers == [s.number for s in company.subscribers]
    assert len(set(company.numbers)) == len(company.numbers)
    assert all(re.fullmatch(r"0(67|68|96|97|98)[0-9]{7}", n) for n in company.numbers)
    assert all(
        re.fullmatch(r"[А-ЯІЇЄҐ][а-яіїєґ’]+ [А-ЯІЇЄҐ][а-яіїєґ’]+", s.name)
        for s in company.subscribers
    )
    assert len({s.name for s in company.subscribers}) == len(company.subscribers)
    assert 5 <= len(company.departments) <= 7
    assert {s.department for s in company.subscribers} == set(company.departments)
    assert company.user.department == "Відділ продажів"
    outside = company.outside_numbers
    assert 140 <= len(set(outside)) == len(outside) <= 160
    assert not set(outside) & set(company.numbers)
    assert any(n.startswith("+38044") for n in outside)
    assert any(n.startswith("+48") for n in outside)
    assert any(n.startswith("+49") for n in outside)
    assert company.subscriber("+380" + company.user.number[1:]) == company.user
    assert company.subscriber("380" + company.user.number[1:]) == company.user
    assert company.subscriber(outside[0]) is None


def test_calls_follow_working_hours_and_weekdays() -> None:
    company = Company(1)
    week = [date(2026, 11, 9) + timedelta(days=i) for i in range(7)]  # Monday to Sunday
    per_day = [company.calls_on(d) for d in week]
    assert all(150 <= len(day) <= 300 for day in per_day[:5])
    assert all(len(day) < 30 for day in per_day[5:])
    everything = [c for day in per_day for c in day]
    unanswered = [c for c in everything if c.duration == 0]
    assert 0.14 < len(unanswered) / len(everything) < 0.26
    assert all(c.end_utc == c.start_utc for c in unanswered)
    answered = [c for c in everything if c.duration > 0]
    assert all(5 <= c.duration <= 3600 for c in answered)
    # Some records bill a second more than they last, like the vendor's own example.
    elapsed = [int((c.end_utc - c.start_utc).total_seconds()) - c.duration for c in answered]
    assert set(elapsed) == {0, -1}
    assert max(c.duration for c in answered) > 1200
    hours = [from_utc(c.start_utc).hour for c in everything]
    assert hours.count(11) > 3 * hours.count(8)
    assert hours.count(15) > 3 * hours.count(18)
    numbers = set(company.numbers)
    internal = [c for c in everything if {c.calling_number, c.called_number} <= numbers]
    incoming = [c for c in everything if c.called_number in numbers and c not in internal]
    outgoing = [c for c in everything if c.calling_number in numbers and c not in internal]
    assert min(len(internal), len(incoming), len(outgoing)) > 100
    assert len(internal) + len(incoming) + len(outgoing) == len(everything)
    for day in per_day:
        assert [c.start_utc for c in day] == sorted(c.start_utc for c in day)


def test_the_same_seed_gives_the_same_company_and_calls_whatever_the_order() -> None:
    first, second, other = Company(1), Company(1), Company(2)
    days = [date(2026, 11, 19), date(2026, 10, 25), date(2026, 11, 1)]
    assert first.subscribers == second.subscribers
    assert first.outside_numbers == second.outside_numbers
    forward = [first.calls_on(d) for d in days]
    backward = [second.calls_on(d) for d in reversed(days)][::-1]
    assert forward == backward
    assert other.subscribers != first.subscribers
    assert other.calls_on(days[0]) != first.calls_on(days[0])


@pytest.mark.parametrize("day", [date(2025, 10, 26), date(2026, 10, 25)])
def test_the_repeated_autumn_hour_has_calls_in_both_readings(day: date) -> None:
    night = [c for c in Company(1).calls_on(day) if from_utc(c.start_utc).hour == 3]
    folds = {from_utc(c.start_utc).fold for c in night}
    assert folds == {0, 1}
    # One of them starts at 03:55 the first time round and ends at 03:05 the second.
    assert any(c.end_utc > c.start_utc and c.end_text < c.start_text for c in night)


def test_the_skipped_spring_hour_is_never_a_call_time() -> None:
    spring = Company(1).calls_on(date(2026, 3, 29))
    spanning = [c for c in spring if c.start_text.endswith("02:58:30")]
    assert len(spanning) == 1
    assert spanning[0].end_text.endswith("04:03:30")
    assert spanning[0].duration == 300
    assert not [c for c in spring if c.start_text[11:13] == "03" or c.end_text[11:13] == "03"]


# -- status codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrong",
    [
        lambda right: None,
        lambda right: "",
        lambda right: "0" * 64,
        lambda right: right.upper(),
        lambda right: right[:-1],
        lambda right: right + " ",
    ],
    ids=["missing", "empty", "another", "upper-case", "short", "trailing-space"],
)
def test_cdr_refuses_a_missing_or_wrong_token(simulator: Simulator, wrong: Any) -> None:
    response = cdr(simulator, ONE_HOUR, token=wrong(simulator.token))
    assert response.status_code == 403
    assert simulator.token not in response.text


def test_the_token_is_checked_before_the_parameters(simulator: Simulator) -> None:
    response = cdr(simulator, {"from": "yesterday"}, token="f" * 64)
    assert response.status_code == 403


def test_a_token_given_twice_is_refused(simulator: Simulator) -> None:
    url = f"{simulator.base_url}{CDR}json"
    query = [("token", simulator.token), ("token", simulator.token), *ONE_HOUR.items()]
    assert requests.get(url, params=query, timeout=10).status_code == 403


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("path", [CDR + "json", CDR + "csv", ORIGINATE])
def test_only_get_is_allowed(simulator: Simulator, method: str, path: str) -> None:
    params = {"token": simulator.token, **ONE_HOUR}
    response = requests.request(method, simulator.base_url + path, params=params, timeout=10)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"


@pytest.mark.parametrize("path", [CDR + "txt", CDR + "JSON", "/api/cdr/v1/callstat", "/", "/api"])
def test_unknown_paths_are_not_found(simulator: Simulator, path: str) -> None:
    assert get(simulator, path, ONE_HOUR).status_code == 404


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"from": "2026-11-19 10:00:00", "to": "2026-11-19T11:00:00"}, "from: invalid timestamp"),
        ({"from": "2026-11-19T10:00", "to": "2026-11-19T11:00:00"}, "from: invalid timestamp"),
        ({"from": "2026-11-19T10:00:00Z", "to": "2026-11-19T11:00:00"}, "from: invalid timestamp"),
        ({"from": "2026-02-30T10:00:00"}, "from: invalid timestamp"),
        ({"from": "2026-11-19T24:00:00"}, "from: invalid timestamp"),
        ({"from": "", "to": "2026-11-19T11:00:00"}, "from: invalid timestamp"),
        ({"from": "2026-11-19T10:00:00", "to": "tomorrow"}, "to: invalid timestamp"),
        ({"from": "0001-01-01T00:00:00"}, "from: invalid timestamp"),
        ({**ONE_HOUR, "names": "ON"}, "names: must be on or off"),
        ({**ONE_HOUR, "departments": "yes"}, "departments: must be on or off"),
        ({**ONE_HOUR, "ownership": ""}, "ownership: must be on or off"),
        ({}, "from or to is required"),
        ({"names": "on"}, "from or to is required"),
        ({"from": "2026-11-19T11:00:00", "to": "2026-11-19T10:59:59"}, "to:"),
        ({"from": "2026-11-01T00:00:00", "to": "2026-11-19T00:00:00"}, "period:"),
        ({"from": "2026-10-01T00:00:00", "to": "2026-10-02T00:00:00"}, "from:"),
    ],
)
def test_bad_parameters_get_400_naming_the_problem(
    simulator: Simulator, params: dict[str, str], named: str
) -> None:
    response = cdr(simulator, params)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith(named)


def test_a_parameter_given_twice_is_refused(simulator: Simulator) -> None:
    query = [("token", simulator.token), ("from", ONE_HOUR["from"]), ("from", ONE_HOUR["from"])]
    response = requests.get(f"{simulator.base_url}{CDR}json", params=query, timeout=10)
    assert response.status_code == 400
    assert response.text.startswith("from: given more than once")


def test_unknown_parameters_are_ignored(simulator: Simulator) -> None:
    assert cdr(simulator, {**ONE_HOUR, "limit": "5"}).status_code == 200


# -- the window ----------------------------------------------------------------------------------


def filename_of(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    match = re.fullmatch(r'attachment; filename="(.+)"', response.headers["Content-Disposition"])
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    ("params", "window"),
    [
        # to = from + 7 days, when that is already past
        ({"from": "2026-11-10T09:00:00"}, ("2026-11-10T09:00:00", "2026-11-17T09:00:00")),
        # to = now (10:00 in Kyiv), when from + 7 days is still to come
        ({"from": "2026-11-19T12:00:00"}, ("2026-11-19T12:00:00", "2026-11-20T10:00:00")),
        # from = to - 7 days
        ({"to": "2026-11-18T17:30:00"}, ("2026-11-11T17:30:00", "2026-11-18T17:30:00")),
        # ... and 7 days are 168 real hours, although the clocks went back on 25 October
        ({"to": "2026-10-29T12:00:00"}, ("2026-10-22T13:00:00", "2026-10-29T12:00:00")),
        ({"from": "2026-10-22T12:00:00"}, ("2026-10-22T12:00:00", "2026-10-29T11:00:00")),
    ],
)
def test_a_missing_end_of_the_window_is_computed(
    simulator: Simulator, params: dict[str, str], window: tuple[str, str]
) -> None:
    response = cdr(simulator, params)
    assert filename_of(response) == f"callstat_{window[0]}_{window[1]}.json"
    start, end = (parse_naive(w) for w in window)
    records = calls(response)
    assert records
    assert all(start <= parse_naive(r["start_timestamp"]) <= end for r in records)


def test_a_lone_from_in_the_future_is_refused(simulator: Simulator) -> None:
    response = cdr(simulator, {"from": "2026-11-21T00:00:00"})
    assert response.status_code == 400
    assert response.text.startswith("to (computed")


def test_a_lone_to_whose_computed_from_is_too_old_is_refused(simulator: Simulator) -> None:
    response = cdr(simulator, {"to": "2026-10-26T12:00:00"})
    assert response.status_code == 400
    assert response.text.startswith("from:")


@pytest.mark.parametrize(
    ("window", "status"),
    [
        (("2026-11-12T10:00:00", "2026-11-19T10:00:00"), 200),  # exactly 7 days
        (("2026-11-12T10:00:00", "2026-11-19T10:00:01"), 400),
        (("2026-11-20T10:00:00", "2026-11-20T10:00:00"), 200),  # an empty window is fine
        (("2026-11-20T10:00:00", "2026-11-27T10:00:00"), 200),  # the future is fine, and empty
        # Across the autumn change, 7 wall-clock days are 169 real hours: too long.
        (("2026-10-22T12:00:00", "2026-10-29T12:00:00"), 400),
        (("2026-10-22T12:00:00", "2026-10-29T11:00:00"), 200),
    ],
)
def test_the_seven_day_limit_at_its_edge(
    simulator: Simulator, window: tuple[str, str], status: int
) -> None:
    response = cdr(simulator, {"from": window[0], "to": window[1]})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.text.startswith("period: longer than 7 days")


@pytest.mark.parametrize(
    ("start", "status"),
    [
        # 30 real days before 2026-11-20 08:00 UTC is 2026-10-21 08:00 UTC = 11:00 in Kyiv (EEST).
        ("2026-10-21T11:00:00", 200),
        ("2026-10-21T10:59:59", 400),
        ("2026-10-21T10:00:00", 400),  # 30 wall-clock days, but 30 days and 1 hour in real time
    ],
)
def test_the_thirty_day_limit_at_its_edge(simulator: Simulator, start: str, status: int) -> None:
    response = cdr(simulator, {"from": start, "to": "2026-10-22T00:00:00"})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.text.startswith(f"from: {start} is older than 30 days")


def test_the_thirty_day_limit_moves_with_the_clock(
    simulator: Simulator, clock: ManualClock
) -> None:
    window = {"from": "2026-10-21T11:00:00", "to": "2026-10-22T00:00:00"}
    assert cdr(simulator, window).status_code == 200
    clock.advance(timedelta(seconds=1))
    assert cdr(simulator, window).status_code == 400


def test_calls_are_those_started_in_the_window_in_real_time_order(simulator: Simulator) -> None:
    records = calls(cdr(simulator, ONE_HOUR))
    assert 10 < len(records) < 100
    starts = [r["start_timestamp"] for r in records]
    assert all("2026-11-19 10:00:00" <= s <= "2026-11-19 11:00:00" for s in starts)
    assert starts == sorted(starts)
    truth = simulator.calls_between(utc_of("2026-11-19 10:00:00"), utc_of("2026-11-19 11:00:00"))
    assert records == [{k: v for k, v in r.items() if k in BASE} for r in truth]


def test_the_repeated_autumn_hour_is_answered_in_real_time_order(simulator: Simulator) -> None:
    records = calls(cdr(simulator, {"from": "2026-10-25T03:00:00", "to": "2026-10-25T03:59:59"}))
    starts = [r["start_timestamp"] for r in records]
    assert starts != sorted(starts)  # 03:55 (summer time) comes before 03:10 (winter time)
    assert len(records) == 3
    # Ground truth holds the same calls, in the same order, found by their real instants.
    truth = simulator.calls_between(
        to_utc(parse_naive("2026-10-25 03:00:00"), fold=0),
        to_utc(parse_naive("2026-10-25 03:59:59"), fold=1),
    )
    assert [r["start_timestamp"] for r in truth] == starts


def test_new_calls_appear_as_the_clock_moves(simulator: Simulator, clock: ManualClock) -> None:
    today = {"from": "2026-11-20T00:00:00", "to": "2026-11-20T23:59:59"}
    before = calls(cdr(simulator, today))
    then = clock.now()
    assert all(utc_of(r["end_timestamp"]) <= then for r in before)
    clock.advance(timedelta(hours=2))
    after = calls(cdr(simulator, today))
    new = [r for r in after if r not in before]
    assert len(new) > 10
    assert len(after) == len(before) + len(new)
    assert all(then < utc_of(r["end_timestamp"]) <= clock.now() for r in new)


def test_data_is_deterministic_per_seed(clock: ManualClock) -> None:
    with Simulator(clock=clock, seed=7) as first, Simulator(clock=clock, seed=7) as second:
        bodies = [cdr(sim, {**THURSDAY, **ALL_FLAGS}).content for sim in (first, second)]
        assert bodies[0] == bodies[1]
        assert first.company.subscribers == second.company.subscribers
        assert first.token != second.token  # one random token per instance
    with Simulator(clock=clock, seed=8) as other:
        assert cdr(other, {**THURSDAY, **ALL_FLAGS}).content != bodies[0]


# -- flags and formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "extra"),
    [
        ({}, []),
        ({"names": "off", "departments": "off", "ownership": "off"}, []),
        ({"names": "on"}, ["calling_name", "called_name"]),
        ({"departments": "on"}, ["calling_department", "called_department"]),
        ({"ownership": "on"}, ["calling_ownership", "called_ownership"]),
        (
            ALL_FLAGS,
            [
                "calling_name",
                "called_name",
                "calling_department",
                "called_department",
                "calling_ownership",
                "called_ownership",
            ],
        ),
    ],
)
def test_flags_add_fields_in_order(
    simulator: Simulator, flags: dict[str, str], extra: list[str]
) -> None:
    records = calls(cdr(simulator, {**ONE_HOUR, **flags}))
    assert records
    assert all(list(r) == BASE + extra for r in records)


def test_flag_values_describe_the_company(simulator: Simulator) -> None:
    company = simulator.company
    records = calls(cdr(simulator, {**THURSDAY, **ALL_FLAGS}))
    for side in ("calling", "called"):
        for r in records:
            member = company.subscriber(r[f"{side}_number"])
            if member is None:
                assert (r[f"{side}_name"], r[f"{side}_department"]) == ("", "")
                assert r[f"{side}_ownership"] == "external"
            else:
                assert (r[f"{side}_name"], r[f"{side}_department"]) == (
                    member.name,
                    member.department,
                )
                assert r[f"{side}_ownership"] == "internal"
    assert any(r["calling_ownership"] == r["called_ownership"] == "internal" for r in records)


def test_the_three_formats_carry_the_same_calls(simulator: Simulator) -> None:
    params = {**THURSDAY, **ALL_FLAGS}
    from_json = calls(cdr(simulator, params, "json"))
    assert all(isinstance(r["duration"], int) for r in from_json)
    from_csv = parse_csv(cdr(simulator, params, "csv").content)
    from_xml = parse_xml(cdr(simulator, params, "xml").content)
    assert len(from_json) > 100
    assert as_text(from_json) == from_csv == from_xml
    # CSV quoting and XML escaping carry a department with a comma or an ampersand intact.
    departments = {r["calling_department"] for r in from_csv} | {
        r["called_department"] for r in from_csv
    }
    assert departments - {""} <= set(simulator.company.departments)


def test_an_empty_answer_still_has_its_header_and_root(simulator: Simulator) -> None:
    window = {"from": "2026-11-21T00:00:00", "to": "2026-11-21T01:00:00", "names": "on"}
    assert calls(cdr(simulator, window)) == []
    body = cdr(simulator, window, "csv").content
    assert body.decode("utf-8-sig") == ",".join([*BASE, "calling_name", "called_name"]) + "\r\n"
    assert parse_xml(cdr(simulator, window, "xml").content) == []


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("json", "application/json; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
        ("xml", "application/xml; charset=utf-8"),
    ],
)
def test_response_headers(simulator: Simulator, fmt: str, content_type: str) -> None:
    response = cdr(simulator, ONE_HOUR, fmt)
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="callstat_2026-11-19T10:00:00_2026-11-19T11:00:00.{fmt}"'
    )
    assert response.headers["Transfer-Encoding"] == "chunked"
    if fmt == "csv":
        assert response.content.startswith(b"\xef\xbb\xbfend_timestamp,start_timestamp,")
    if fmt == "xml":
        assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


# -- faults --------------------------------------------------------------------------------------


def test_server_error_is_used_up_once(simulator: Simulator) -> None:
    simulator.inject(Fault.SERVER_ERROR)
    assert cdr(simulator, ONE_HOUR).status_code == 500
    assert cdr(simulator, ONE_HOUR).status_code == 200


def test_faults_are_used_up_in_order_per_endpoint(simulator: Simulator) -> None:
    simulator.inject(Fault.FORBIDDEN, endpoint="originate")
    simulator.inject(Fault.SERVER_ERROR, times=2, endpoint="cdr")
    simulator.inject(Fault.RETRY_AFTER, endpoint="any", seconds=7)
    user = simulator.company.user.number
    assert cdr(simulator, ONE_HOUR).status_code == 500
    assert originate(simulator, user, "0501234567").status_code == 403  # FORBIDDEN
    assert cdr(simulator, ONE_HOUR).status_code == 500
    response = originate(simulator, user, "0501234567")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "7")
    assert cdr(simulator, ONE_HOUR).status_code == 200
    assert simulator.originates == []  # none of those reached the PBX
    simulator.inject(Fault.SERVER_ERROR, times=3)
    simulator.clear_faults()
    assert cdr(simulator, ONE_HOUR).status_code == 200


def test_inject_refuses_what_it_cannot_do(simulator: Simulator) -> None:
    with pytest.raises(TypeError, match="delay"):
        simulator.inject(Fault.DRIP, delay=1.0)
    with pytest.raises(ValueError, match="endpoint"):
        simulator.inject(Fault.DROP, endpoint="callstat")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="times"):
        simulator.inject(Fault.DROP, times=0)


def test_forbidden_ignores_a_good_token(simulator: Simulator) -> None:
    simulator.inject(Fault.FORBIDDEN)
    assert cdr(simulator, ONE_HOUR).status_code == 403


def test_drop_closes_the_connection_without_an_answer(simulator: Simulator) -> None:
    simulator.inject(Fault.DROP)
    with pytest.raises(requests.ConnectionError):
        cdr(simulator, ONE_HOUR)
    assert simulator.requests_to("callstat.json")[-1].status == 0
    assert cdr(simulator, ONE_HOUR).status_code == 200


def test_slow_waits_before_answering(simulator: Simulator) -> None:
    simulator.inject(Fault.SLOW, delay=0.3)
    started = time.monotonic()
    response = cdr(simulator, ONE_HOUR)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200


def test_drip_sends_one_byte_at_a_time(simulator: Simulator) -> None:
    simulator.inject(Fault.DRIP, interval=0.05)
    with cdr(simulator, ONE_HOUR, stream=True) as response:
        assert response.status_code == 200
        pieces = response.iter_content(chunk_size=1)
        first = next(pieces)
        started = time.monotonic()
        more = b"".join(next(pieces) for _ in range(6))
        elapsed = time.monotonic() - started
    assert first + more == b'{\n  "ca'
    assert elapsed >= 0.25


@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_oversized_streams_a_valid_looking_body_of_the_size_asked(
    simulator: Simulator, fmt: str
) -> None:
    size = 2_000_000
    simulator.inject(Fault.OVERSIZED, size=size)
    response = cdr(simulator, {**ONE_HOUR, "names": "on"}, fmt)
    assert response.headers["Transfer-Encoding"] == "chunked"
    assert size - 1000 <= len(response.content) <= size
    parsed = {"json": lambda b: json.loads(b)["calls"], "csv": parse_csv, "xml": parse_xml}[fmt]
    records = parsed(response.content)
    assert len(records) > 5000
    assert "calling_name" in records[0]


def test_oversized_defaults_to_sixty_megabytes(simulator: Simulator) -> None:
    simulator.inject(Fault.OVERSIZED)
    received = 0
    with cdr(simulator, ONE_HOUR, stream=True) as response:
        assert "Content-Length" not in response.headers  # nothing warns the client in advance
        for piece in response.iter_content(chunk_size=1 << 20):
            received += len(piece)
    assert 60 * 1024 * 1024 - 1000 <= received <= 60 * 1024 * 1024


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(simulator: Simulator) -> None:
    simulator.inject(Fault.GZIP_BOMB)
    with cdr(simulator, ONE_HOUR, stream=True) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert int(response.headers["Content-Length"]) < 2 * 1024 * 1024
        compressed = response.raw.read(64 * 1024, decode_content=False)
    inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(compressed, 1 << 30)
    assert inflated.startswith(b'{"calls": [')
    # 64 KiB of the body already inflates to some 60 MiB: the whole is ~1 GiB.
    assert len(inflated) > 50 * 1024 * 1024


@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_a_small_gzip_bomb_inflates_to_a_well_formed_document(
    simulator: Simulator, fmt: str
) -> None:
    simulator.inject(Fault.GZIP_BOMB, size=1_500_000)
    with cdr(simulator, ONE_HOUR, fmt, stream=True) as response:
        compressed = response.raw.read(decode_content=False)
    inflated = gzip.decompress(compressed)
    assert len(inflated) == 1_500_000
    parsed = {"json": lambda b: json.loads(b)["calls"], "csv": parse_csv, "xml": parse_xml}[fmt]
    assert parsed(inflated) == []


def test_trailing_commas_like_the_vendors_example(simulator: Simulator) -> None:
    expected = calls(cdr(simulator, ONE_HOUR))
    simulator.inject(Fault.TRAILING_COMMAS)
    body = cdr(simulator, ONE_HOUR).text
    assert '"called_number": "' in body
    assert re.search(r'",\n    },\n', body)
    assert body.rstrip().endswith("},\n  ]\n}")
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    assert json.loads(re.sub(r",(\s*[}\]])", r"\1", body))["calls"] == expected


def test_trailing_commas_leave_csv_and_xml_alone(simulator: Simulator) -> None:
    expected = cdr(simulator, ONE_HOUR, "csv").content
    simulator.inject(Fault.TRAILING_COMMAS)
    assert cdr(simulator, ONE_HOUR, "csv").content == expected


def test_malformed_json_and_xml_are_truncated(simulator: Simulator) -> None:
    simulator.inject(Fault.MALFORMED, times=2)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cdr(simulator, ONE_HOUR, "json").content)
    with pytest.raises(ElementTree.ParseError):
        parse_xml(cdr(simulator, ONE_HOUR, "xml").content)


def test_malformed_csv_has_a_broken_row(simulator: Simulator) -> None:
    good = parse_csv(cdr(simulator, ONE_HOUR, "csv").content)
    simulator.inject(Fault.MALFORMED)
    body = cdr(simulator, ONE_HOUR, "csv").content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    widths = [len(row) for row in rows]
    assert widths.count(len(BASE)) == len(good) + 1  # the header and every good row
    assert len(rows) == len(good) + 2


@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_bad_row_has_one_non_numeric_duration(simulator: Simulator, fmt: str) -> None:
    simulator.inject(Fault.BAD_ROW)
    response = cdr(simulator, ONE_HOUR, fmt)
    parsed = {"json": lambda b: json.loads(b)["calls"], "csv": parse_csv, "xml": parse_xml}[fmt]
    durations = [str(r["duration"]) for r in parsed(response.content)]
    assert len(durations) > 10
    assert [d for d in durations if not d.isdigit()] == ["n/a"]


def test_body_faults_leave_errors_alone(simulator: Simulator) -> None:
    simulator.inject(Fault.MALFORMED)
    response = cdr(simulator, {"from": "bad"})
    assert response.status_code == 400
    assert response.text.startswith("from: invalid timestamp")
    assert cdr(simulator, ONE_HOUR).json()  # the fault was used up by the bad request


# -- originate -----------------------------------------------------------------------------------


def test_originate_places_a_call(simulator: Simulator, clock: ManualClock) -> None:
    user = simulator.company.user.number
    response = originate(simulator, user, "+380441111111")
    assert response.status_code == 200
    assert response.content == b""
    (placed,) = simulator.originates
    assert (placed.calling_number, placed.called_number, placed.at) == (
        user,
        "+380441111111",
        clock.now(),
    )


@pytest.mark.parametrize(
    "calling_form", [lambda n: n, lambda n: "380" + n[1:], lambda n: "+380" + n[1:]]
)
def test_originate_takes_the_calling_number_in_every_documented_form(
    simulator: Simulator, calling_form: Any
) -> None:
    assert (
        originate(simulator, calling_form(simulator.company.user.number), "0671234567").status_code
        == 200
    )


@pytest.mark.parametrize(
    "called",
    ["0671234567", "380987654321", "+380441111111", "+48221234567", "+4930123456", "102", "*111#"],
)
def test_originate_dials_every_kind_of_number(simulator: Simulator, called: str) -> None:
    assert originate(simulator, simulator.company.user.number, called).status_code == 200


@pytest.mark.parametrize(
    ("calling", "called", "named"),
    [
        (None, "0671234567", "calling_number: missing"),
        ("USER", None, "called_number: missing"),
        ("USER", "", "called_number: not a phone number"),
        ("USER", "067 123 45 67", "called_number: not a phone number"),
        ("USER", "067-123-45-67", "called_number: not a phone number"),
        ("USER", "+38067123456", "called_number: not a phone number"),
        ("USER", "38067123456", "called_number: not a phone number"),
        ("USER", "1234567", "called_number: not a phone number"),
        ("USER", "+0441234567", "called_number: not a phone number"),
        ("USER", "+1234567890123456", "called_number: not a phone number"),
        ("USER", "callto:0671234567", "called_number: not a phone number"),
        ("0671234", "0671234567", "calling_number: not a phone number"),
    ],
)
def test_originate_refuses_missing_or_invalid_numbers(
    simulator: Simulator, calling: str | None, called: str | None, named: str
) -> None:
    if calling == "USER":
        calling = simulator.company.user.number
    response = originate(simulator, calling, called)
    assert response.status_code == 400
    assert response.text.startswith(named)
    assert simulator.originates == []


def test_originate_refuses_a_bad_token(simulator: Simulator) -> None:
    response = originate(simulator, simulator.company.user.number, "0671234567", token="a" * 64)
    assert response.status_code == 403
    assert simulator.originates == []


@pytest.mark.parametrize("calling", ["0501234567", "+380441111111", "+48221234567", "102"])
def test_originate_refuses_a_number_outside_the_company(simulator: Simulator, calling: str) -> None:
    response = originate(simulator, calling, "0671234567")
    assert response.status_code == 403
    assert "API FMC" in response.text
    assert simulator.originates == []


def test_a_dropped_originate_still_rang(simulator: Simulator) -> None:
    simulator.inject(Fault.DROP, endpoint="originate")
    with pytest.raises(requests.ConnectionError):
        originate(simulator, simulator.company.user.number, "0501234567")
    assert [o.called_number for o in simulator.originates] == ["0501234567"]
    assert [r.status for r in simulator.requests_to("originate")] == [0]


@pytest.mark.parametrize("fault", [Fault.SLOW, Fault.DRIP, Fault.OVERSIZED, Fault.GZIP_BOMB])
def test_an_originate_that_answers_oddly_still_rang(simulator: Simulator, fault: Fault) -> None:
    options = {Fault.SLOW: {"delay": 0.1}, Fault.DRIP: {"interval": 0.01}}.get(fault, {})
    simulator.inject(fault, times=1, endpoint="originate", **options)
    response = originate(simulator, simulator.company.user.number, "0501234567", stream=True)
    with response:
        assert response.status_code == 200
    assert [o.called_number for o in simulator.originates] == ["0501234567"]


def test_a_failed_originate_did_not_ring(simulator: Simulator) -> None:
    simulator.inject(Fault.SERVER_ERROR, endpoint="originate")
    assert originate(simulator, simulator.company.user.number, "0501234567").status_code == 500
    assert simulator.originates == []


def test_a_placed_call_shows_up_in_the_history(simulator: Simulator, clock: ManualClock) -> None:
    user = simulator.company.user
    colleague = simulator.company.subscribers[1]
    assert (
        originate(simulator, "+380" + user.number[1:], "380" + colleague.number[1:]).status_code
        == 200
    )
    placed_at = clock.now()
    since = {"from": "2026-11-20T09:59:00", **ALL_FLAGS}

    def mine() -> list[dict[str, Any]]:
        return [
            r
            for r in calls(cdr(simulator, since))
            if (r["calling_number"], r["called_number"]) == (user.number, colleague.number)
        ]

    assert mine() == []  # still talking
    clock.advance(timedelta(minutes=3))
    (record,) = mine()
    assert record["start_timestamp"] == "2026-11-20 10:00:00"
    assert 20 <= record["duration"] <= 120
    assert utc_of(record["end_timestamp"]) - placed_at == timedelta(seconds=record["duration"])
    assert record["called_number"] == colleague.number
    assert (record["calling_name"], record["called_name"]) == (user.name, colleague.name)
    assert record["called_ownership"] == "internal"
    truth = simulator.calls_between(placed_at, clock.now())
    assert record in truth


# -- secrecy, records, life cycle ----------------------------------------------------------------


def test_requests_are_recorded_without_the_token(simulator: Simulator, clock: ManualClock) -> None:
    cdr(simulator, {**ONE_HOUR, "names": "on"})
    originate(simulator, simulator.company.user.number, "0501234567")
    get(simulator, "/elsewhere", {"note": simulator.token})
    first, second, third = simulator.requests
    assert (first.method, first.path, first.status, first.at) == (
        "GET",
        CDR + "json",
        200,
        clock.now(),
    )
    assert first.params == {**ONE_HOUR, "names": "on", "token": "***"}
    assert second.params["token"] == "***"
    assert second.params["calling_number"] == simulator.company.user.number
    assert third.status == 404
    assert third.params["note"] == "***"
    assert simulator.requests_to("callstat.json") == [first]
    assert simulator.requests_to("originate") == [second]
    assert simulator.token not in repr(simulator.requests)


def test_the_token_never_reaches_the_log(
    simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="fmc_desktop.simulator")
    cdr(simulator, ONE_HOUR)
    cdr(simulator, {"from": "bad"})
    cdr(simulator, ONE_HOUR, token="b" * 64)
    originate(simulator, simulator.company.user.number, "0501234567")
    get(simulator, "/" + simulator.token)
    simulator.inject(Fault.DROP)
    with pytest.raises(requests.ConnectionError):
        cdr(simulator, ONE_HOUR)
    # A request line the server cannot parse is logged by the base class, whole: redact it too.
    host, port = simulator.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(f"GET {CDR}json?token={simulator.token} junk HTTP/1.1\r\n\r\n".encode())
        assert raw.recv(1024).startswith(b"HTTP/1.1 400")
    ours = [r for r in caplog.records if r.name.startswith("fmc_desktop.simulator")]
    assert any(CDR + "json" in r.getMessage() for r in ours)
    assert any("Bad request syntax" in r.getMessage() for r in ours)
    assert simulator.token not in caplog.text
    assert all(simulator.token not in r.getMessage() for r in ours)


def simulator_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("fmc-simulator")]


def test_start_and_stop_are_idempotent(clock: ManualClock) -> None:
    sim = Simulator(clock=clock)
    with pytest.raises(RuntimeError):
        _ = sim.base_url
    sim.start()
    url = sim.base_url
    sim.start()
    assert sim.base_url == url
    assert re.fullmatch(r"http://127\.0\.0\.1:[0-9]+", url)
    assert re.fullmatch(r"[0-9a-f]{64}", sim.token)
    with requests.Session() as session:  # a kept-alive connection holds a thread open
        assert session.get(url + ORIGINATE, timeout=5).status_code == 403
        assert simulator_threads()
        started = time.monotonic()
        sim.stop()
        assert time.monotonic() - started < 2
        assert simulator_threads() == []
        sim.stop()
        with pytest.raises(requests.ConnectionError):
            session.get(url + ORIGINATE, timeout=2)


def test_only_recent_days_hold_calls(clock: ManualClock) -> None:
    sim = Simulator(clock=clock, history_days=2)
    week = sim.calls_between(clock.now() - timedelta(days=7), clock.now())
    days = {str(r["start_timestamp"])[:10] for r in week}
    assert days == {"2026-11-18", "2026-11-19", "2026-11-20"}
    with pytest.raises(ValueError, match="naive"):
        sim.calls_between(datetime(2026, 11, 19), datetime(2026, 11, 20))


def test_only_loopback_and_only_a_token_shaped_token() -> None:
    with pytest.raises(ValueError, match="loopback"):
        Simulator(host="0.0.0.0")
    with pytest.raises(ValueError, match="64"):
        Simulator(token="short")
    assert Simulator(token="ab" * 32).token == "ab" * 32


@pytest.fixture
def raw_connection(simulator: Simulator) -> Iterator[socket.socket]:
    host, port = simulator.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        yield connection


@pytest.mark.parametrize("fault", [Fault.DRIP, Fault.SLOW])
def test_stop_does_not_wait_for_a_response_in_flight(
    simulator: Simulator, raw_connection: socket.socket, fault: Fault
) -> None:
    options = {"interval": 30.0} if fault is Fault.DRIP else {"delay": 30.0}
    simulator.inject(fault, times=1, endpoint="any", **options)
    query = f"token={simulator.token}&from={ONE_HOUR['from']}&to={ONE_HOUR['to']}"
    raw_connection.sendall(f"GET {CDR}json?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    if fault is Fault.DRIP:
        assert raw_connection.recv(1024).startswith(b"HTTP/1.1 200")
    else:
        deadline = time.monotonic() + 5
        while not simulator.requests_to("callstat.json") and time.monotonic() < deadline:
            time.sleep(0.01)  # polling for the request to arrive
    started = time.monotonic()
    simulator.stop()
    assert time.monotonic() - started < 2
    # The connection is closed under the client, mid-answer.
    remainder = b""
    while chunk := raw_connection.recv(4096):
        remainder += chunk
    assert not remainder.endswith(b"0\r\n\r\n")
