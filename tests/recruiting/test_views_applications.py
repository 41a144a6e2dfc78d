"""Board moves: the offer stage asks for confirmation when the assessment is unbalanced."""

import pytest
from django.urls import reverse

from recruiting.models import Application
from tests.recruiting.helpers import post_scorecard

pytestmark = pytest.mark.django_db


def test_moving_to_offer_asks_for_confirmation_when_unbalanced(
    client_for, interview, interviewer, hiring_manager, scorecard_template
):
    skills_only = {"recommendation": "yes", "action": "submit"}
    for criterion in scorecard_template.criteria.all():
        skills_only[f"rating_{criterion.pk}"] = "3" if criterion.section == "skills" else ""
    client_for(interviewer).post(
        reverse("recruiting:scorecard_edit", args=[interview.pk]), skills_only
    )
    client = client_for(hiring_manager)
    url = reverse("recruiting:application_move", args=[interview.application_id])
    move = {"to_stage": "offer", "expected_stage": "interview", "next": "application"}
    response = client.post(url, move)
    assert response.status_code == 200
    assert "Nobody has assessed culture fit" in response.content.decode()
    application = Application.objects.get(pk=interview.application_id)
    assert application.stage == Application.Stage.INTERVIEW
    response = client.post(url, move | {"confirmed": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER


def test_balanced_assessment_moves_without_asking(
    client_for, interview, interviewer, hiring_manager, scorecard_template
):
    post_scorecard(client_for(interviewer), interview, scorecard_template)
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[interview.application_id]),
        {"to_stage": "offer", "expected_stage": "interview"},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=interview.application_id).stage == Application.Stage.OFFER


def test_board_drop_on_offer_is_refused_with_the_reason_when_unbalanced(
    client_for, interview, hiring_manager
):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[interview.application_id]),
        {"to_stage": "offer", "expected_stage": "interview"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Nobody has assessed culture fit" in response.content.decode()
    assert Application.objects.get(pk=interview.application_id).stage == "interview"
