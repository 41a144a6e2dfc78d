"""Recruiting's panels on the home page."""

from __future__ import annotations

from backoffice.core.panels import Panel, panel_provider
from backoffice.people.roles import Role
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import interviews as interview_selectors
from recruiting.selectors import offers as offer_selectors
from recruiting.selectors import requisitions as requisition_selectors


@panel_provider
def new_applications_panel(user) -> Panel | None:
    """Hiring managers: new applications waiting in their open requisitions, newest first."""
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


@panel_provider
def offers_waiting_panel(user) -> Panel | None:
    """HR: draft offers to approve; hiring managers: approved offers ready to send."""
    if not user.is_authenticated or not (user.is_hr or user.has_role(Role.HIRING_MANAGER)):
        return None
    count, offers = offer_selectors.offers_waiting_for(user)
    if not count:
        return None
    return Panel(
        title="Offers to approve" if user.is_hr else "Offers ready to send",
        template="recruiting/_panel_offers.html",
        context={"offers": offers, "count": count, "approve": user.is_hr},
        order=21,
        waiting=count,
    )


@panel_provider
def upcoming_interviews_panel(user) -> Panel | None:
    """Interviewers: their next interviews with date, time and the kit; the ones today count
    as waiting (later ones are shown, not counted)."""
    if not user.is_authenticated or not user.has_role(Role.INTERVIEWER) or user.is_superuser:
        return None
    today, interviews = interview_selectors.upcoming_interviews(user)
    if not interviews:
        return None
    return Panel(
        title="Upcoming interviews",
        template="recruiting/_panel_interviews.html",
        context={"interviews": interviews, "today": today},
        order=23,
        waiting=today,
    )
