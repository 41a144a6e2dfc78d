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


@panel_provider
def own_leaving_panel(user) -> Panel | None:
    """The leaver's own: their last day and the exit questionnaire while it is open."""
    employee = selectors.employee_for_user(user)
    if employee is None or employee.status != Employee.Status.LEAVING:
        return None  # no query for anyone not leaving
    leaving = selectors.leaving_of_user(user)
    if leaving is None:
        return None
    from backoffice.people.services import exit_answer_can_submit

    open_questionnaire = exit_answer_can_submit(leaving)
    return Panel(
        title="Your last day",
        template="people/_panel_own_leaving.html",
        context={"leaving": leaving, "questionnaire_open": open_questionnaire},
        order=5,
        waiting=int(open_questionnaire),
    )


@panel_provider
def leavers_panel(user) -> Panel | None:
    """HR: who is leaving soon, and the way to the leavers and the reports."""
    if not user.is_hr:
        return None
    leaving = selectors.leavers_upcoming(user)
    return Panel(
        title="Leavers",
        template="people/_panel_leavers.html",
        context={"leavings": leaving},
        order=45,
    )
