import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from recruiting.models import (
    Interview,
    Offer,
    Requisition,
    Scorecard,
    ScorecardTemplate,
    SkillsTest,
)
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    OfferFactory,
    RequisitionFactory,
)

pytestmark = pytest.mark.django_db


def test_hr_approves_requisitions_with_the_admin_action(client_for, hr_user):
    pending = RequisitionFactory(status=Requisition.Status.PENDING_APPROVAL)
    draft = RequisitionFactory(status=Requisition.Status.DRAFT)
    response = client_for(hr_user).post(
        reverse("admin:recruiting_requisition_changelist"),
        {"action": "approve_selected", "_selected_action": [pending.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    draft.refresh_from_db()
    assert pending.status == Requisition.Status.OPEN
    assert pending.events.get().by == hr_user
    assert draft.status == Requisition.Status.DRAFT  # refused, with a message
    assert "cannot change it to open" in response.content.decode()


@pytest.mark.parametrize(
    "model", ["requisition", "candidate", "application", "rejectionreason", "tag"]
)
def test_admin_lists_render(client_for, hr_user, model):
    ApplicationFactory()
    response = client_for(hr_user).get(reverse(f"admin:recruiting_{model}_changelist"))
    assert response.status_code == 200


def test_candidates_are_searched_by_name_email_and_phone(client_for, hr_user):
    CandidateFactory(name="Alma Tan", email="alma@example.net", phone="+31 6 5550 1234")
    CandidateFactory(name="Bo Li")
    client = client_for(hr_user)
    url = reverse("admin:recruiting_candidate_changelist")
    for term in ("alma", "ALMA@example", "5550 1234"):
        results = client.get(url, {"q": term}).context["cl"].result_list
        assert [candidate.name for candidate in results] == ["Alma Tan"], term


def test_candidate_autocomplete_for_applications(client_for, hr_user):
    CandidateFactory(name="Alma Tan")
    response = client_for(hr_user).get(
        reverse("admin:autocomplete"),
        {"app_label": "recruiting", "model_name": "application", "field_name": "candidate",
         "term": "alma"},
    )  # fmt: skip
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Alma Tan"]


def test_hiring_managers_have_no_admin(client_for, hiring_manager):
    response = client_for(hiring_manager).get(reverse("admin:recruiting_requisition_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "model", ["scorecardtemplate", "interview", "scorecard", "skillstest", "offer"]
)
def test_admin_lists_render_for_interviews_scorecards_offers(client_for, hr_user, model):
    response = client_for(hr_user).get(reverse(f"admin:recruiting_{model}_changelist"))
    assert response.status_code == 200


def test_seeded_template_opens_with_its_criteria(client_for, hr_user):
    template = ScorecardTemplate.objects.get(name="Bookkeeper scorecard")
    response = client_for(hr_user).get(
        reverse("admin:recruiting_scorecardtemplate_change", args=[template.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bookkeeping" in html
    assert "Communication" in html
    sections = set(template.criteria.values_list("section", flat=True))
    assert sections == {"skills", "culture"}


def test_every_role_family_has_a_seeded_template():
    from backoffice.people.models import RoleFamily

    families = set(RoleFamily.objects.values_list("pk", flat=True))
    seeded = set(ScorecardTemplate.objects.values_list("role_family_id", flat=True))
    assert families <= seeded
    assert None in seeded  # the default


def test_hr_approves_draft_offers_with_the_admin_action(client_for, hr_user):
    offer = OfferFactory()
    response = client_for(hr_user).post(
        reverse("admin:recruiting_offer_changelist"),
        {"action": "approve", "_selected_action": [offer.pk]},
        follow=True,
    )
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED
    assert offer.approved_by == hr_user


def test_seed_demo_adds_interviews_scorecards_a_test_and_an_offer_once(mailoutbox):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Leaving out the earlier hires of the hiring signals demo (issue 20), which have their own.
    from recruiting.demo_history import PAST_TITLE

    past = {"application__requisition__title": PAST_TITLE}
    counts = (
        Interview.objects.exclude(**past).count(),
        Scorecard.objects.filter(submitted_at__isnull=False).exclude(**past).count(),
        SkillsTest.objects.filter(submitted_at__isnull=False).exclude(**past).count(),
        Offer.objects.filter(status=Offer.Status.APPROVED).count(),
    )
    assert counts == (4, 5, 1, 1)  # three past interviews and tomorrow's panel
    assert Interview.objects.filter(starts_at__gt=timezone.now()).exclude(**past).count() == 1
    assert mailoutbox == []
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Interview.objects.exclude(**past).count() == 4
