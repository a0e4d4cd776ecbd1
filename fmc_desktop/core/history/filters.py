"""What the history can be asked: whose calls, which way, answered or not, sorted by what."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeAlias


class Direction(IntEnum):
    """Which way a call went, seen from a set of numbers ("mine" or the company's).

    The values are arithmetic: 2 * (caller is ours) + (callee is ours).
    """

    OTHER = 0
    INCOMING = 1
    OUTGOING = 2
    INTERNAL = 3


# `CallHistory.kinds()` holds one int8 per call: a `Direction` value, or this one for an
# incoming call nobody answered. It is also the sort key of the direction column.
KIND_MISSED = 4


class HistoryField(IntEnum):
    """The columns every history has; extra fields are addressed by their API name."""

    DIRECTION = 0
    TIME = 1
    DURATION = 2
    OTHER_PARTY = 3
    SUBSCRIBER = 4
    DEPARTMENT = 5


class Scope(IntEnum):
    MINE = 0  # the calls of the user's own numbers
    PBX = 1  # every call the CDR holds, seen from the company's numbers


class DirectionFilter(IntEnum):
    ALL = 0
    INCOMING = 1
    OUTGOING = 2
    INTERNAL = 3


class AnsweredFilter(IntEnum):
    ALL = 0
    ANSWERED = 1
    UNANSWERED = 2


@dataclass(frozen=True)
class HistoryFilter:
    """What the user asked to see. `start`/`end` are UTC epoch seconds, `[start, end)`."""

    text: str = ""
    scope: Scope = Scope.MINE
    direction: DirectionFilter = DirectionFilter.ALL
    answered: AnsweredFilter = AnsweredFilter.ALL
    start: int | None = None
    end: int | None = None
    min_duration: int = 0


SortField: TypeAlias = HistoryField | str
