"""Recruiting emails read as English: "an interview", "a phone screen", "a panel interview"."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from recruiting.models import Interview
from tests.factories.recruiting import InterviewFactory

pytestmark = pytest.mark.django_db

A_BEFORE_VOWEL = re.compile(r"\ba [aeiouAEIOU]")


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        (Interview.Kind.INTERVIEW, "invited to an interview."),
        (Interview.Kind.PHONE_SCREEN, "invited to a phone screen."),
        (Interview.Kind.PANEL, "invited to a panel interview."),
    ],
)
@pytest.mark.parametrize("suffix", ["txt", "html"])
def test_interview_invitation_uses_the_right_article(application, kind, phrase, suffix):
    interview = InterviewFactory(application=application, kind=kind)
    for cancelled in (False, True):
        text = render_to_string(
            f"emails/recruiting_interview.{suffix}",
            {
                "interview": interview,
                "user": interview.interviewers.first() or application.requisition.hiring_manager,
                "local_start": timezone.localtime(interview.starts_at),
                "site_url": "http://testserver",
                "kit_path": "/kit/",
                "cancelled": cancelled,
            },
        )
        assert not A_BEFORE_VOWEL.search(text), text
        if not cancelled:
            assert phrase in text
