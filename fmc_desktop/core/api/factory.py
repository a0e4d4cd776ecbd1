"""The one way every front end builds an API client: the settings' proxy, the fetch flags, the
address and the clock, so the window, the wizard, the tray and the commands all agree.

Before this existed the client was built in five places and `fmc-desktop login` forgot the proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fmc_desktop.core.api.client import DEFAULT_LIMITS, FetchFlags, FmcClient, HttpLimits
from fmc_desktop.core.api.clock import Clock
from fmc_desktop.core.system.settings import Settings


def proxy_argument(settings: Settings) -> str | None:
    """The client's `proxy` argument for the settings: None for the system's, "none", or a URL."""
    if settings.proxy_mode == "none":
        return "none"
    if settings.proxy_mode == "manual" and settings.proxy_url.strip():
        return settings.proxy_url.strip()
    return None


def fetch_flags(settings: Settings) -> FetchFlags:
    """Which optional columns the history asks for, as the settings say."""
    return FetchFlags(
        names=settings.fetch_names,
        departments=settings.fetch_departments,
        ownership=settings.fetch_ownership,
    )


# What the wizard, the settings dialog and the app pass around: token -> client.
ClientFactory = Callable[[str], FmcClient]


@dataclass(frozen=True)
class ClientMaker:
    """token -> a client for one server, through the settings' proxy, on one clock."""

    base_url: str
    proxy: str | None
    clock: Clock
    limits: HttpLimits = DEFAULT_LIMITS

    def __call__(self, token: str) -> FmcClient:
        return FmcClient(
            self.base_url, token, clock=self.clock, proxy=self.proxy, limits=self.limits
        )


def clients_for(settings: Settings, clock: Clock, *, base_url: str | None = None) -> ClientMaker:
    """Clients for `base_url` (the settings' address when not given) and the settings' proxy."""
    return ClientMaker(
        base_url=settings.base_url if base_url is None else base_url,
        proxy=proxy_argument(settings),
        clock=clock,
    )
