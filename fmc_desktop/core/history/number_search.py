"""Which numbers and calls a search term finds, remembered while the user types.

Typing a name adds a letter at a time, and each keystroke used to read every number's text
again. A term that holds one it followed can only be found where the shorter one was, so the
numbers found for "оле" are the only ones "олен" needs to read. What a term found is kept for
the last few terms, and thrown away with everything else when calls or numbers change.
"""

from __future__ import annotations

import numpy as np

from fmc_desktop.core.history.batch import BoolArray, Int32Array, IntpArray
from fmc_desktop.core.search.matching import Term

_REMEMBERED = 8  # terms: a word typed a letter at a time, and a second word after it


class NumberSearch:
    """Per term, the numbers whose text holds it and the calls with one of those numbers."""

    def __init__(self, texts: list[str], party_numbers: IntpArray) -> None:
        self._texts = texts
        self._party_numbers = party_numbers
        self._numbers: dict[Term, BoolArray] = {}
        self._calls: dict[Term, BoolArray | None] = {}
        self._scratch: BoolArray | None = None

    def numbers(self, term: Term) -> BoolArray:
        """Per number, whether its text holds one of the term's forms."""
        known = self._numbers.pop(term, None)
        if known is None:
            known = self._found(term)
        self._numbers[term] = known  # last used, last out
        while len(self._numbers) > _REMEMBERED:
            del self._numbers[next(iter(self._numbers))]
        return known

    def calls(self, term: Term, calling: Int32Array, called: Int32Array) -> BoolArray | None:
        """Per call, whether one of its numbers holds the term; None when every call does.

        The answer is kept for the next keystrokes: callers must not write into it.
        """
        if term in self._calls:
            mask = self._calls.pop(term)
        else:
            numbers = self.numbers(term)
            mask = None if numbers.all() else self._gathered(numbers, calling, called)
            if mask is not None and mask.all():
                # Found in every call through the company's own numbers: nothing to gather.
                mask = None
        self._calls[term] = mask
        while len(self._calls) > _REMEMBERED:
            del self._calls[next(iter(self._calls))]
        return mask

    def _found(self, term: Term) -> BoolArray:
        texts = self._texts
        narrower = self._narrower(term)
        if narrower is None:
            return np.frombuffer(bytes(_holding(term.alternatives, texts)), dtype=np.bool_)
        candidates = np.flatnonzero(narrower)
        held = _holding(term.alternatives, [texts[i] for i in candidates.tolist()])
        found = np.zeros(len(texts), dtype=np.bool_)
        found[candidates[np.frombuffer(bytes(held), dtype=np.bool_)]] = True
        return found

    def _narrower(self, term: Term) -> BoolArray | None:
        """What a remembered term found, when every form of `term` holds one of its forms.

        A text holding a string holds every part of it, so `term` can only be found among
        those numbers: it is the test the archive does, read on fewer texts.
        """
        best: BoolArray | None = None
        # Picking out more than half of the texts costs more than reading them all.
        best_count = len(self._texts) // 2
        for known, found in self._numbers.items():
            if all(any(a in b for a in known.alternatives) for b in term.alternatives):
                count = int(np.count_nonzero(found))
                if count < best_count:
                    best, best_count = found, count
        return best

    def _gathered(self, numbers: BoolArray, calling: Int32Array, called: Int32Array) -> BoolArray:
        parties = numbers[self._party_numbers]
        mask = np.take(parties, calling)
        # A scratch array kept between keystrokes: a fresh megabyte costs its page faults.
        if self._scratch is None or len(self._scratch) != len(mask):
            self._scratch = np.empty(len(mask), dtype=np.bool_)
        mask |= np.take(parties, called, out=self._scratch)
        return mask


def _holding(alternatives: tuple[str, ...], texts: list[str]) -> list[bool]:
    """Per text, whether it holds one of `alternatives`: one list comprehension, the cheapest
    loop Python has, whatever their number (a term has one to three)."""
    if len(alternatives) == 1:
        (a,) = alternatives
        return [a in t for t in texts]
    if len(alternatives) == 2:
        a, b = alternatives
        return [a in t or b in t for t in texts]
    if len(alternatives) == 3:
        a, b, c = alternatives
        return [a in t or b in t or c in t for t in texts]
    return [any(a in t for a in alternatives) for t in texts]
