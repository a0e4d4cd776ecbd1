"""The ways the simulator can be told to misbehave, as real servers and networks do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from fmc_desktop.simulator.rendering import GiB, MiB

Endpoint = Literal["cdr", "originate", "any"]


class Fault(Enum):
    """Ways the server or the network can misbehave; see `Simulator.inject`."""

    SERVER_ERROR = "server_error"  # 500
    RETRY_AFTER = "retry_after"  # 503 + Retry-After: <seconds>
    DROP = "drop"  # read the request, close the socket, answer nothing
    SLOW = "slow"  # wait <delay> seconds, then answer
    DRIP = "drip"  # the body one byte every <interval> seconds
    OVERSIZED = "oversized"  # a valid-looking body of <size> bytes, streamed
    GZIP_BOMB = "gzip_bomb"  # a small gzip body that inflates to <size> bytes
    TRAILING_COMMAS = "trailing_commas"  # JSON as the vendor's example writes it
    MALFORMED = "malformed"  # truncated JSON/XML, CSV with a broken row
    BAD_ROW = "bad_row"  # one record's duration is not a number
    FORBIDDEN = "forbidden"  # 403 whatever the token
    REPEATED_ROW = "repeated_row"  # one record <count> times over, nothing else


FAULT_OPTIONS: dict[Fault, dict[str, float]] = {
    Fault.RETRY_AFTER: {"seconds": 1},
    Fault.SLOW: {"delay": 2.0},
    Fault.DRIP: {"interval": 0.2},
    Fault.OVERSIZED: {"size": 60 * MiB},
    Fault.GZIP_BOMB: {"size": GiB},
    Fault.REPEATED_ROW: {"count": 10_000},
}


@dataclass(frozen=True, slots=True)
class PendingFault:
    """A fault waiting for the next request to its endpoint, with its options filled in."""

    fault: Fault
    endpoint: Endpoint
    options: dict[str, float]
