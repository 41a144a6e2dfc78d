"""Onboarding's panels on the home page."""

from __future__ import annotations

from django.utils import timezone

from backoffice.core.panels import Panel, panel_provider
from backoffice.people import selectors as people_selectors
from onboarding import selectors


@panel_provider
def my_onboarding_panel(user) -> Panel | None:
    """A new hire (or anyone with open items of their own): progress and what comes next."""
    employee = people_selectors.employee_for_user(user)
    if employee is None:
        return None
    next_items = selectors.next_items_for(employee)
    if not next_items:
        return None
    plan = next_items[0].plan
    today = timezone.localdate()
    # Someone long past onboarding whose only open items came from their development plan.
    development_only = all(item.origin == item.Origin.DEVELOPMENT for item in next_items)
    return Panel(
        title="Your development trainings" if development_only else "Your onboarding",
        template="onboarding/_panel_my_onboarding.html",
        context={
            "progress": selectors.plan_progress(plan),
            "items": next_items,
            "today": today,
        },
        order=20,
        waiting=sum(1 for item in next_items if item.due_date <= today),
    )


@panel_provider
def team_onboarding_panel(user) -> Panel | None:
    """Managers and HR: plans under way, most recent starters first (one query)."""
    if not user.is_hr and people_selectors.employee_for_user(user) is None:
        return None
    plans = selectors.team_panel_plans(user)
    if not plans:
        return None
    for plan in plans:
        plan.percent = round(100 * plan.done / plan.total) if plan.total else 0
    return Panel(
        title="Team onboarding",
        template="onboarding/_panel_team_onboarding.html",
        context={"plans": plans},
        order=45,
        waiting=sum(1 for plan in plans if plan.overdue),
    )
