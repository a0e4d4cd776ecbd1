"""Romanisation by the 2010 rules, with the examples the resolution itself gives."""

from __future__ import annotations

import pytest

from fmc_desktop.core.search.translit import fold, has_cyrillic, transliterate


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # The resolution's own table of examples.
        ("Алушта", "Alushta"),
        ("Андрій", "Andrii"),
        ("Борщагівка", "Borshchahivka"),
        ("Вінниця", "Vinnytsia"),
        ("Гадяч", "Hadiach"),
        ("Згорани", "Zghorany"),
        ("Розгон", "Rozghon"),
        ("Ґалаґан", "Galagan"),
        ("Донецьк", "Donetsk"),
        ("Рівне", "Rivne"),
        ("Єнакієве", "Yenakiieve"),
        ("Наталія", "Nataliia"),
        ("Житомир", "Zhytomyr"),
        ("Закарпаття", "Zakarpattia"),
        ("Медвин", "Medvyn"),
        ("Іршава", "Irshava"),
        ("Їжакевич", "Yizhakevych"),
        ("Кадиївка", "Kadyivka"),
        ("Йосипівка", "Yosypivka"),
        ("Стрий", "Stryi"),
        ("Олексій", "Oleksii"),
        ("Юрій", "Yurii"),
        ("Крюківка", "Kriukivka"),
        ("Яготин", "Yahotyn"),
        ("Ічня", "Ichnia"),
        ("Знам'янка", "Znamianka"),
        ("Харків", "Kharkiv"),
        ("Щербухи", "Shcherbukhy"),
        ("Біла Церква", "Bila Tserkva"),
        ("Чернівці", "Chernivtsi"),
        # Names as address books hold them.
        ("Олена Коваленко", "Olena Kovalenko"),
        ("Мар’яна Бондар", "Mariana Bondar"),
        ("Марʼяна", "Mariana"),
        ("ЩУКА", "SHCHUKA"),
        ("ЮРІЙ", "YURII"),
        ("Я", "Ya"),
        ("Квітка-Основ'яненко", "Kvitka-Osnovianenko"),
        ("Продажі", "Prodazhi"),
        ("Відділ №2 (Київ)", "Viddil №2 (Kyiv)"),
        ("Ёлка, Эра, Ъ, Ы", "Yolka, Era, , Y"),
    ],
)
def test_transliterates_as_the_2010_resolution_does(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


def test_latin_text_and_digits_pass_unchanged() -> None:
    assert transliterate("O'Brien 067 123") == "O'Brien 067 123"
    assert not has_cyrillic("O'Brien 067")
    assert has_cyrillic("Ґ")


def test_fold_handles_cyrillic_case_and_every_apostrophe() -> None:
    assert fold("ОЛЕНА") == fold("олена") == "олена"
    assert fold("Мар’яна") == fold("Марʼяна") == fold("мар'яна") == "мар'яна"
    assert fold("ІЇЄҐ") == "іїєґ"
