"""Every interview, scorecard, skills-test and offer URL x role: who gets in, who gets
403/404, and no row changes on refusal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Interview, Offer, OfferSignature, SkillsTest
from recruiting.services import scorecards as scorecard_services
from recruiting.services import skills_test as test_services
from tests.factories.people import EmployeeFactory
from tests.factories.recruiting import OfferFactory

pytestmark = pytest.mark.django_db

ROLES = ["hr", "manager", "other_manager", "assigned", "unassigned", "employee", "anonymous"]
# 200 page, 302 done (or sent to sign in), 403 refused, 404 not visible to this user.
OK, DONE, NO, GONE = 200, 302, 403, 404

# url name, method, object, expected status per role (in ROLES order)
CASES = [
    ("interview_schedule", "get", "application", [OK, OK, GONE, NO, NO, NO, DONE]),
    ("interview_kit", "get", "interview", [OK, OK, GONE, OK, GONE, NO, DONE]),
    ("interview_edit", "get", "interview", [OK, OK, GONE, NO, NO, NO, DONE]),
    ("interview_cancel", "post", "interview", [DONE, DONE, GONE, NO, NO, NO, DONE]),
    ("scorecard_edit", "get", "interview", [NO, NO, GONE, OK, GONE, NO, DONE]),
    ("scorecard_amend", "get", "scorecard", [NO, NO, GONE, OK, GONE, NO, DONE]),
    ("offer_create", "get", "application", [OK, OK, GONE, NO, NO, NO, DONE]),
    ("offer_transition", "post", "offer", [DONE, DONE, GONE, NO, NO, NO, DONE]),
    ("offer_letter", "get", "offer", [OK, OK, GONE, NO, NO, NO, DONE]),
    ("offer_signed_pdf", "get", "signed_offer", [OK, OK, GONE, NO, NO, NO, DONE]),
    ("requisition_ranking", "get", "requisition", [OK, OK, GONE, NO, NO, NO, DONE]),
    ("calibration", "get", None, [OK, NO, NO, NO, NO, NO, DONE]),
    ("skills_test_send", "post", "application", [DONE, DONE, GONE, NO, NO, NO, DONE]),
    ("skills_test_result", "get", "skills_test", [OK, OK, GONE, OK, GONE, NO, DONE]),
]  # fmt: skip


@pytest.fixture
def world(
    interview,
    interviewer,
    hiring_manager,
    hr_user,
    other_hiring_manager,
    scorecard_template,
    ratings,
):
    scorecard = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template),
        recommendation="yes",
        submit=True,
    )
    application = interview.application
    test = test_services.skills_test_send(application=application, by=hr_user)
    offer = OfferFactory(application__requisition=application.requisition)
    signed_offer = OfferFactory(
        application__requisition=application.requisition,
        application__stage="hired",
        status="accepted",
        letter_html="<p>Dear Ada</p>",
        letter_sha256="b" * 64,
    )
    OfferSignature.objects.create(
        offer=signed_offer, typed_name="Ada", signed_at=timezone.now(), letter_sha256="b" * 64
    )
    users = {
        "hr": hr_user,
        "manager": hiring_manager,
        "other_manager": other_hiring_manager,
        "assigned": interviewer,
        "unassigned": EmployeeFactory(user__roles=["Interviewer"]).user,
        "employee": EmployeeFactory().user,
        "anonymous": None,
    }
    objects = {
        "application": application,
        "interview": interview,
        "scorecard": scorecard,
        "offer": offer,
        "signed_offer": signed_offer,
        "requisition": application.requisition,
        "skills_test": test,
        None: None,
    }
    return users, objects


def _snapshot():
    return (
        list(Interview.objects.values_list("pk", "cancelled_at", "sequence")),
        list(Offer.objects.values_list("pk", "status")),
        SkillsTest.objects.count(),
    )


@pytest.mark.parametrize(("name", "method", "target", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_url_by_role(client, world, name, method, target, expected, role_index):
    users, objects = world
    user = users[ROLES[role_index]]
    if user is not None:
        client.force_login(user)
    obj = objects[target]
    url = reverse(f"recruiting:{name}", args=[obj.pk] if obj is not None else [])
    before = _snapshot()
    response = client.get(url) if method == "get" else client.post(url, {"to_status": "withdrawn"})
    assert response.status_code == expected[role_index], (name, ROLES[role_index])
    if expected[role_index] not in (OK, DONE) or user is None:
        assert _snapshot() == before


@pytest.mark.parametrize("name", ["interview_cancel", "skills_test_send", "offer_transition"])
def test_post_only_urls_refuse_get(client_for, world, hr_user, name):
    _users, objects = world
    target = {"interview_cancel": "interview", "skills_test_send": "application"}.get(name, "offer")
    response = client_for(hr_user).get(reverse(f"recruiting:{name}", args=[objects[target].pk]))
    assert response.status_code == 405
