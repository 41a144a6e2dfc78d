"""The home page is each user's "my work": panels that the apps contribute.

An app registers a provider in its AppConfig.ready(); a provider takes the user and returns a
Panel when it has something for them, or None. The shell never imports a domain app: the
domain apps come to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    # Shown in the "waiting for you" count at the top of the page.
    waiting: int = 0


PanelProvider = Callable[..., Panel | None]
_providers: list[PanelProvider] = []


def panel_provider(provider: PanelProvider) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user) -> list[Panel]:
    panels = [panel for provider in _providers if (panel := provider(user)) is not None]
    return sorted(panels, key=lambda panel: (panel.order, panel.title))
