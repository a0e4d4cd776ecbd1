"""A stand-in for the Kyivstar FMC API: the app's `--demo` mode and every test run against it.

No Qt here: the simulator is plain Python on a loopback port.
"""

from fmc_desktop.simulator.company import Company, SimCall, Subscriber
from fmc_desktop.simulator.faults import Fault
from fmc_desktop.simulator.server import OriginateCall, RecordedRequest, Simulator

__all__ = [
    "Company",
    "Fault",
    "OriginateCall",
    "RecordedRequest",
    "SimCall",
    "Simulator",
    "Subscriber",
]
