"""What the candidate's private status page shows: only what the candidate may know.

Never notes, scores, scorecards, rejection reasons, who moved what, or other candidates: the
page is built from the application's stage, its scheduled interviews, its open test and its
open offer, and nothing else is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from recruiting.models.candidates import Application
from recruiting.models.interviews import Interview
from recruiting.models.offers import Offer
from recruiting.models.skills_test import SkillsTest

Stage = Application.Stage

# The stage in the candidate's words: a heading and one sentence.
STAGE_WORDS: dict[str, tuple[str, str]] = {
    Stage.APPLIED: ("Received", "We have your application. Our team reviews every one."),
    Stage.SCREENING: ("In review", "Our team is reviewing your application."),
    Stage.ASSESSMENT: ("In review", "Our team is assessing your application."),
    Stage.INTERVIEW: ("Interviews", "You are in the interview stage."),
    Stage.OFFER: ("Offer", "We are preparing an offer for you."),
    Stage.HIRED: ("Hired", "You accepted our offer. Welcome aboard!"),
    Stage.REJECTED: (
        "Closed",
        "This application is closed. Thank you for your interest in working with us.",
    ),
    Stage.WITHDRAWN: ("Closed", "This application was withdrawn."),
}


@dataclass
class CandidateStatus:
    application: Application
    heading: str
    sentence: str
    interviews: list[Interview] = field(default_factory=list)
    test: SkillsTest | None = None
    offer: Offer | None = None
    can_withdraw: bool = False


def candidate_status(application: Application, *, now=None) -> CandidateStatus:
    now = now or timezone.now()
    heading, sentence = STAGE_WORDS[application.stage]
    is_open = application.is_open
    interviews = (
        list(
            Interview.objects.filter(
                application=application, cancelled_at__isnull=True, starts_at__gte=now
            ).order_by("starts_at")
        )
        if is_open
        else []
    )
    if interviews and application.stage in (Stage.SCREENING, Stage.ASSESSMENT, Stage.INTERVIEW):
        local = timezone.localtime(interviews[0].starts_at)
        heading = "Interview scheduled"
        sentence = f"Your next interview is on {local:%A %-d %B %Y at %H:%M}."
    test = (
        SkillsTest.objects.filter(
            application=application, submitted_at__isnull=True, expires_at__gt=now
        )
        .order_by("-expires_at")
        .first()
        if is_open
        else None
    )
    if test is not None and application.stage != Stage.OFFER:
        heading, sentence = "Test to take", "Please take the short data-entry test below."
    offer = (
        Offer.objects.filter(
            application=application,
            status=Offer.Status.SENT,
            expires_on__gte=timezone.localdate(now),
        )
        .order_by("-sent_at")
        .first()
    )
    if offer is not None:
        heading = "Offer"
        sentence = f"We have made you an offer. Please answer by {offer.expires_on:%-d %B %Y}."
    return CandidateStatus(
        application=application,
        heading=heading,
        sentence=sentence,
        interviews=interviews,
        test=test,
        offer=offer,
        can_withdraw=application.stage != Stage.HIRED,
    )
