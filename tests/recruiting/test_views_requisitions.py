"""Requisition pages: the ranking of applications by score."""

import pytest
from django.urls import reverse

from tests.factories.recruiting import ApplicationFactory
from tests.recruiting.helpers import post_scorecard

pytestmark = pytest.mark.django_db


def test_ranking_lists_the_best_scored_first(
    client_for, interview, interviewer, hiring_manager, requisition, scorecard_template
):
    unscored = ApplicationFactory(requisition=requisition, candidate__name="Zed Unscored")
    post_scorecard(client_for(interviewer), interview, scorecard_template)
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:requisition_ranking", args=[requisition.pk]))
        .content.decode()
    )
    assert html.index(interview.application.candidate.name) < html.index(unscored.candidate.name)
