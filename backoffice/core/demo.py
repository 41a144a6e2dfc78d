"""Demo data steps that `manage.py seed_demo` runs in order; each app registers its own.

Every step must be idempotent: running the command again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[[], str]


_steps: dict[str, DemoStep] = {}


def demo_step(*, name: str, order: int) -> Callable[[Callable[[], str]], Callable[[], str]]:
    def register(function: Callable[[], str]) -> Callable[[], str]:
        _steps[name] = DemoStep(name=name, order=order, run=function)
        return function

    return register


def demo_steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda step: step.order)
