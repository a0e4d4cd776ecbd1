"""Refresh the translations: extract the GUI's strings, compile the catalogues, report gaps.

    python tools/update_translations.py          # update resources/i18n/*.ts and the .qm files
    python tools/update_translations.py --check  # change nothing; exit 1 if anything is missing

`pyside6-lupdate` reads every `self.tr("…")` and `QCoreApplication.translate("Context", "…")` in
every folder of fmc_desktop/ui/ into the .ts file (keeping the translations already there,
dropping strings no longer used), and `pyside6-lrelease` compiles it into
fmc_desktop/resources/i18n/, where the package loads it from. Translate new strings with Qt
Linguist (`pyside6-linguist FILE.ts`) or by editing the .ts file, then run this again.

English is the source language, so its catalogue holds only the plural forms (`lupdate
-pluralonly`): without it Qt shows `self.tr("%n call(s)", "", 5)` as "5 call(s)".
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "fmc_desktop" / "ui"
TS_FOLDER = REPO / "resources" / "i18n"
QM_FOLDER = REPO / "fmc_desktop" / "resources" / "i18n"
CATALOGUE = "fmc_desktop"
LANGUAGES = ("uk", "en")
# The source language needs no translation of its own texts, only "%n call" / "%n calls".
PLURAL_ONLY = frozenset({"en"})


@dataclass(frozen=True)
class Gap:
    context: str
    source: str
    why: str  # "unfinished" or "empty"

    def __str__(self) -> str:
        return f"{self.context}: {self.source!r} ({self.why})"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def tool(name: str) -> str:
    """A Qt tool from this Python's environment first (the venv), else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} was not found; install PySide6 in this environment.")
    return found


def source_files() -> list[Path]:
    return sorted(SOURCES.rglob("*.py"))


def ts_file(language: str, folder: Path = TS_FOLDER) -> Path:
    return folder / f"{CATALOGUE}_{language}.ts"


def qm_file(language: str, folder: Path = QM_FOLDER) -> Path:
    return folder / f"{CATALOGUE}_{language}.qm"


def run_lupdate(sources: Sequence[Path], target: Path, language: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *(str(path) for path in sources),
            "-ts",
            str(target),
            "-no-obsolete",
            "-locations",
            "relative",
            "-source-language",
            "en",
            "-target-language",
            language,
            *(["-pluralonly"] if language in PLURAL_ONLY else []),
            "-silent",
        ],
        check=True,
    )


def run_lrelease(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)], check=True
    )


def gaps(ts: Path) -> tuple[int, list[Gap]]:
    """How many messages the .ts file has, and those without a finished translation."""
    root = ElementTree.parse(ts).getroot()
    total = 0
    found: list[Gap] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            total += 1
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                found.append(Gap(name, source, "empty"))
                continue
            kind = translation.get("type", "")
            if kind in ("unfinished", "vanished", "obsolete"):
                found.append(Gap(name, source, kind))
                continue
            forms = [form.text or "" for form in translation.iter("numerusform")]
            text = translation.text or ""
            if (forms and not all(form.strip() for form in forms)) or (
                not forms and not text.strip()
            ):
                found.append(Gap(name, source, "empty"))
    return total, found


def update(language: str, *, check: bool) -> list[Gap]:
    shipped = ts_file(language)
    if check:
        with tempfile.TemporaryDirectory() as temp:
            work = Path(temp) / shipped.name
            if shipped.exists():
                shutil.copyfile(shipped, work)
            run_lupdate(source_files(), work, language)
            total, missing = gaps(work)
    else:
        run_lupdate(source_files(), shipped, language)
        run_lrelease(shipped, qm_file(language))
        total, missing = gaps(shipped)
    done = total - len(missing)
    say(f"{language}: {done} of {total} strings translated")
    for gap in missing:
        say(f"  untranslated: {gap}")
    return missing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change no file; exit 1 when a GUI string has no finished translation",
    )
    args = parser.parse_args(argv)
    missing = [gap for language in LANGUAGES for gap in update(language, check=args.check)]
    if missing and args.check:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
