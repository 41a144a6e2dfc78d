"""The people app's panels on the home page."""

from __future__ import annotations

from django.utils import timezone

from backoffice.core.panels import Panel, panel_provider
from backoffice.people import selectors
from backoffice.people.models import Employee


@panel_provider
def profile_panel(user) -> Panel | None:
    employee = selectors.employee_for_user(user)
    if employee is None:
        return None
    days_to_start = (employee.start_date - timezone.localdate()).days
    return Panel(
        title="You",
        template="people/_panel_profile.html",
        context={"employee": employee, "days_to_start": days_to_start},
        order=10,
    )


@panel_provider
def team_panel(user) -> Panel | None:
    employee = selectors.employee_for_user(user)
    if employee is None:
        return None
    team = selectors.team_of(employee)
    if not team:
        return None
    starting = sum(1 for member in team if member.status == Employee.Status.PRE_START)
    return Panel(
        title="Your team",
        template="people/_panel_team.html",
        context={"team": team, "today": timezone.localdate()},
        order=50,
        waiting=starting,
    )


@panel_provider
def starting_soon_panel(user) -> Panel | None:
    if not user.is_hr:
        return None
    starters = selectors.employees_starting_soon(user)
    return Panel(
        title="Starting soon",
        template="people/_panel_starting_soon.html",
        context={"starters": starters, "today": timezone.localdate()},
        order=40,
        waiting=len(starters),
    )
