"""Numbers and links as people and web pages write them (tests/data/numbers, tests/data/links)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from fmc_desktop.core.api.errors import FmcError
from fmc_desktop.core.dialing.links import parse_link
from fmc_desktop.core.numbers.phone import canonical, parse_number

DATA = Path(__file__).resolve().parents[1] / "data"


class Case(NamedTuple):
    text: str
    expected: str  # the number, or "refused: <fragment>"
    extension: str | None


def _cases(folder: str) -> list[object]:
    found: list[object] = []
    for path in sorted((DATA / folder).glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            text, expected, *rest = (part.strip() for part in line.split(" | "))
            case = Case(text, expected, rest[0] if rest else None)
            found.append(pytest.param(case, id=f"{path.stem}:{number}"))
    return found


def test_the_corpus_is_there() -> None:
    assert len(_cases("numbers")) >= 60
    assert len(_cases("links")) >= 30


@pytest.mark.parametrize("case", _cases("numbers"))
def test_numbers_as_people_write_them(case: Case) -> None:
    if case.expected.startswith("refused: "):
        with pytest.raises(FmcError) as caught:
            parse_number(case.text)
        assert case.expected.removeprefix("refused: ") in caught.value.message
        return
    number = parse_number(case.text)
    assert (number.canonical, number.extension) == (case.expected, case.extension)
    assert canonical(case.text) == case.expected


@pytest.mark.parametrize("case", _cases("links"))
def test_links_as_pages_write_them(case: Case) -> None:
    if case.expected.startswith("refused: "):
        with pytest.raises(FmcError) as caught:
            parse_link(case.text)
        assert case.expected.removeprefix("refused: ") in caught.value.message
        return
    link = parse_link(case.text)
    assert (parse_number(link.number).canonical, link.extension) == (
        case.expected,
        case.extension,
    )
