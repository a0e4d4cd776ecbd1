"""Ukrainian alphabetical order without Qt, for the command line."""

from __future__ import annotations

from fmc_desktop.core.contacts.collation import sort_key


def test_the_orders_a_ukrainian_reader_expects() -> None:
    names = ["Тарас", "Дмитро", "Віктор", "Галина", "Ґанна", "Єва", "Ігор", "Їжак", "Йосип"]
    assert sorted(names, key=sort_key) == [
        "Віктор",
        "Галина",
        "Ґанна",
        "Дмитро",
        "Єва",
        "Ігор",
        "Їжак",
        "Йосип",
        "Тарас",
    ]


def test_the_whole_alphabet_in_order() -> None:
    alphabet = list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")
    assert sorted(reversed(alphabet), key=sort_key) == alphabet
    capitals = [letter.upper() for letter in alphabet]
    assert sorted(reversed(capitals), key=sort_key) == capitals


def test_cyrillic_before_latin_and_case_only_breaks_ties() -> None:
    assert sorted(["Zoe", "Яна", "andrew", "Андрій"], key=sort_key) == [
        "Андрій",
        "Яна",
        "andrew",
        "Zoe",
    ]
    assert sorted(["Олена", "олена"], key=sort_key) == ["олена", "Олена"]
