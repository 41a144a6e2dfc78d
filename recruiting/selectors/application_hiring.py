"""What the application page shows of structured hiring: interviews, scorecards and the score,
the skills tests, offers and balance warnings, in a fixed number of queries whose SQL is
compiled once per process (backoffice/core/compiled_once.py, issue 22)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, prefetch_related_objects

from backoffice.core.compiled_once import CompiledOnce, as_viewer, viewer_key
from recruiting.models.candidates import Application
from recruiting.models.interviews import Interview
from recruiting.models.offers import Offer
from recruiting.models.scorecards import Scorecard, ScorecardRating
from recruiting.models.skills_test import SkillsTest
from recruiting.selectors.scorecards import (
    ScoreSummary,
    _summary_of_cards,
    balance_warnings,
    sees_all_scores,
)

_interviews = CompiledOnce(
    Interview, lambda *, application_id: Interview.objects.filter(application_id=application_id)
)
_skills_tests = CompiledOnce(
    SkillsTest, lambda *, application_id: SkillsTest.objects.filter(application_id=application_id)
)
_offers = CompiledOnce(
    Offer,
    lambda *, application_id: Offer.objects.filter(application_id=application_id).select_related(
        "signature", "response_recorded_by"
    ),
)


def _scorecards_for_viewer(*, application_id: int, user_id: int, viewer):
    """The application's scorecards `viewer` may see (Scorecard.objects.visible_to): the
    submitted ones and their own drafts. The viewer's roles shape the SQL, their id (a
    stand-in while compiling) is a parameter."""
    user = as_viewer(viewer, user_id)
    return (
        Scorecard.objects.visible_to(user)
        .filter(application_id=application_id)
        .filter(Q(submitted_at__isnull=False) | Q(interviewer=user))
        .select_related("interviewer", "interview", "superseded_by")
        .order_by("interview__starts_at", "created_at")
    )


_scorecards = CompiledOnce(Scorecard, _scorecards_for_viewer)


def _visible_scorecards(application: Application, user) -> list[Scorecard]:
    if user.is_authenticated and user.is_active:
        scorecards = _scorecards(
            viewer_key(user), {"viewer": user}, application_id=application.pk, user_id=user.pk
        )
    else:
        scorecards = _scorecards_for_viewer(
            application_id=application.pk, user_id=user.pk, viewer=user
        )
    scorecards = list(scorecards)
    prefetch_related_objects(
        scorecards,
        Prefetch("ratings", queryset=ScorecardRating.objects.select_related("criterion")),
    )
    return scorecards


def application_hiring(
    application: Application, user, *, panels: dict[int, list] | None = None
) -> dict:
    """What the application page shows of structured hiring, in a fixed number of queries.
    `panels` (interview pk -> interviewers) comes from the page's record query."""
    panels = panels or {}
    interviews = _interviews(application_id=application.pk)
    for interview in interviews:
        interview.panel = panels.get(interview.pk, [])
    visible = _visible_scorecards(application, user)
    # Independence: the page's own list holds every current submitted scorecard exactly when
    # the viewer may see the panel's scores (the one rule: sees_all_scores); otherwise nothing
    # derived from colleagues' scorecards is shown.
    sees_all = sees_all_scores(user, application)
    summary = _summary_of_cards(application, visible) if sees_all else ScoreSummary(hidden=True)
    others_hidden = not sees_all
    tests = _skills_tests(application_id=application.pk)
    can_manage = getattr(application, "can_manage", None)
    if can_manage is None:  # not annotated by application_get_for_user: ask the one rule
        can_manage = Application.objects.manageable_by(user).filter(pk=application.pk).exists()
    # Offers are visible exactly to whoever may manage their application (Offer.objects.
    # visible_to), which the page already knows: no need to test it again in SQL.
    offers = _offers(application_id=application.pk) if can_manage else []
    for offer in offers:
        offer.application = application
        offer.next_steps = [
            (to, Offer.Status(to).label)
            for to in Offer.TRANSITIONS[offer.status]
            if offer.can_transition(to, user)
        ]
    return {
        "interviews": interviews,
        "scorecards": visible,
        "score": summary,
        "others_hidden": others_hidden,
        "skills_tests": tests,
        "offers": offers,
        "has_live_offer": any(
            offer.status in (*Offer.OPEN_STATUSES, Offer.Status.ACCEPTED) for offer in offers
        ),
        "balance_warnings": balance_warnings(application, summary) if can_manage else [],
    }
