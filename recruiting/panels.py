"""Recruiting's panels on the home page."""

from __future__ import annotations

from backoffice.core.panels import Panel, panel_provider
from backoffice.people.roles import Role
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import requisitions as requisition_selectors


@panel_provider
def new_applications_panel(user) -> Panel | None:
    """Hiring managers: new applications waiting in their open requisitions."""
    if not user.is_authenticated or not user.has_role(Role.HIRING_MANAGER) or user.is_superuser:
        return None
    count, applications = candidate_selectors.applications_waiting_for_manager(user)
    return Panel(
        title="New applications",
        template="recruiting/_panel_new_applications.html",
        context={"applications": applications, "count": count},
        order=20,
        waiting=count,
    )


@panel_provider
def pending_requisitions_panel(user) -> Panel | None:
    """HR: requisitions waiting for approval (no panel when none are)."""
    if not user.is_authenticated or not user.is_hr:
        return None
    count, requisitions = requisition_selectors.requisitions_pending_approval(user)
    if not count:
        return None
    return Panel(
        title="Requisitions to approve",
        template="recruiting/_panel_pending_requisitions.html",
        context={"requisitions": requisitions, "count": count},
        order=25,
        waiting=count,
    )


@panel_provider
def scorecards_to_submit_panel(user) -> Panel | None:
    """Interviewers: interviews that have started and still want their scorecard."""
    if not user.is_authenticated or not user.has_role(Role.INTERVIEWER) or user.is_superuser:
        return None
    from recruiting.selectors.interviews import interviews_awaiting_scorecard

    count, interviews = interviews_awaiting_scorecard(user)
    if not count:
        return None
    return Panel(
        title="Scorecards to submit",
        template="recruiting/_panel_scorecards.html",
        context={"interviews": interviews, "count": count},
        order=22,
        waiting=count,
    )
