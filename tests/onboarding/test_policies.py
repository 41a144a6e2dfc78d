"""Policy versions: drafted from the previous text, compared, previewed, published once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from onboarding import selectors, services
from onboarding.models import ItemKind, PlanItem, PolicyVersion
from onboarding.policy_diff import policy_diff
from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory, PolicyFactory
from tests.factories.people import DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db
V1 = "## Remote work\n\nWork from home up to two days a week.\n\nAsk your manager first."
V2 = "## Remote work\n\nWork from home up to three days a week.\n\nAsk your manager first."


@pytest.fixture
def policy(hr_user):
    policy = PolicyFactory(title="Remote work")
    services.policy_publish_version(
        policy=policy, body=V1, effective_date=timezone.localdate(), by=hr_user
    )
    policy.refresh_from_db()
    return policy


def _accept_everything():
    for item in (
        PlanItem.objects.open()
        .filter(kind=ItemKind.POLICY)
        .select_related("plan__employee__user", "policy__current_version")
    ):
        services.item_complete(
            item=item,
            by=item.plan.employee.user,
            accept_version=item.policy.current_version.number,
        )


# --- Services ------------------------------------------------------------------------------


def test_a_draft_starts_from_the_previous_text_and_asks_nobody(policy, hr_user):
    _accept_everything()
    draft = services.policy_draft_create(policy=policy, by=hr_user)
    assert (draft.number, draft.body, draft.is_published) == (2, V1, False)
    assert services.policy_draft_create(policy=policy, by=hr_user) == draft  # one draft
    policy.refresh_from_db()
    assert policy.current_version.number == 1
    assert not PlanItem.objects.open().exists()


def test_only_hr_drafts(policy, employee_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.policy_draft_create(policy=policy, by=employee_user)


def test_a_material_change_asks_those_who_accepted_again(policy, hr_user):
    _accept_everything()
    draft = services.policy_draft_create(policy=policy, by=hr_user)
    services.policy_draft_update(
        version=draft,
        by=hr_user,
        body=V2,
        change_note="Three days",
        effective_date=timezone.localdate(),
    )
    asked = services.policy_version_publish(version=draft, by=hr_user, material=True)
    assert asked > 0
    assert asked == PlanItem.objects.open().filter(policy=policy).count()
    policy.refresh_from_db()
    assert policy.current_version == draft


def test_a_minor_change_asks_nobody_again(policy, hr_user):
    _accept_everything()
    draft = services.policy_draft_create(policy=policy, by=hr_user)
    services.policy_draft_update(
        version=draft,
        by=hr_user,
        body=V1 + " ",
        change_note="",
        effective_date=draft.effective_date,
    )
    assert services.policy_version_publish(version=draft, by=hr_user, material=False) == 0
    assert not PlanItem.objects.open().exists()
    draft.refresh_from_db()
    assert draft.is_published
    assert not draft.is_material


def test_a_published_version_is_immutable_and_cannot_be_deleted(policy, hr_user):
    version = policy.current_version
    with pytest.raises(services.PolicyVersionError, match="cannot change"):
        services.policy_draft_update(
            version=version,
            by=hr_user,
            body="x",
            change_note="",
            effective_date=version.effective_date,
        )
    with pytest.raises(services.PolicyVersionError):
        services.policy_draft_delete(version=version, by=hr_user)
    with pytest.raises(services.PolicyVersionError):
        services.policy_version_publish(version=version, by=hr_user, material=True)
    stored = PolicyVersion.objects.get(pk=version.pk)
    stored.body = "rewritten"
    with pytest.raises(ValueError, match="cannot be changed"):
        stored.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        stored.delete()
    assert PolicyVersion.objects.get(pk=version.pk).body == V1


def test_a_draft_can_be_deleted(policy, hr_user):
    draft = services.policy_draft_create(policy=policy, by=hr_user)
    services.policy_draft_delete(version=draft, by=hr_user)
    assert not PolicyVersion.objects.filter(pk=draft.pk).exists()
    assert services.policy_draft_create(policy=policy, by=hr_user).number == 2


def test_an_empty_draft_cannot_be_published(hr_user):
    draft = services.policy_draft_create(policy=PolicyFactory(), by=hr_user)
    with pytest.raises(services.PolicyVersionError, match="text or attach a PDF"):
        services.policy_version_publish(version=draft, by=hr_user, material=True)


def test_the_impact_counts_who_is_asked_by_department(policy, hr_user):
    finance, sales = DepartmentFactory(name="Treasury"), DepartmentFactory(name="Sales")
    _accept_everything()
    accepted = EmployeeFactory(department=finance)
    services.item_complete(
        item=PlanItemFactory(
            plan=OnboardingPlanFactory(employee=accepted), kind=ItemKind.POLICY, policy=policy
        ),
        by=accepted.user,
        accept_version=1,
    )
    never = EmployeeFactory(department=sales)
    waiting = EmployeeFactory(department=sales)
    PlanItemFactory(
        plan=OnboardingPlanFactory(employee=waiting), kind=ItemKind.POLICY, policy=policy
    )

    draft = services.policy_draft_create(policy=policy, by=hr_user)
    impact = selectors.policy_publish_impact(draft)
    rows = {row.label: row for row in impact.rows}
    assert (rows["Treasury"].asked_again, rows["Treasury"].first_time) == (1, 0)
    assert (rows["Sales"].first_time, rows["Sales"].waiting) == (1, 1)
    assert never.pk  # counted in Sales' first_time above
    services.policy_draft_update(
        version=draft, by=hr_user, body=V2, change_note="", effective_date=draft.effective_date
    )
    assert services.policy_version_publish(version=draft, by=hr_user, material=True) == (
        impact.total.asked
    )


def test_the_diff_shows_changed_lines_side_by_side():
    diff = policy_diff(V1, V2)
    assert (diff.added, diff.removed) == (1, 1)
    changed = [row for hunk in diff.hunks for row in hunk if row.kind == "changed"]
    assert changed[0].old_text.endswith("two days a week.")
    assert changed[0].new_text.endswith("three days a week.")
    assert ("two", True) in changed[0].old_parts
    assert ("three", True) in changed[0].new_parts
    assert policy_diff(V1, V1).unchanged


# --- Pages ---------------------------------------------------------------------------------


def test_hr_drafts_compares_previews_and_publishes(client_for, hr_user, policy):
    _accept_everything()
    client = client_for(hr_user)
    response = client.post(reverse("onboarding:policy_draft_new", args=[policy.pk]))
    draft = PolicyVersion.objects.drafts().get(policy=policy)
    assert response["Location"] == reverse("onboarding:policy_draft", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "two days a week" in page  # the previous text, ready to edit

    saved = client.post(
        reverse("onboarding:policy_draft", args=[draft.pk]),
        {"body": V2, "change_note": "Three days", "effective_date": "2026-12-01"},
    )
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    # The changed line side by side, the changed word marked on each side.
    assert "<del>Work from home up to <mark>two</mark> days a week.</del>" in page
    assert "<ins>Work from home up to <mark>three</mark> days a week.</ins>" in page

    preview = client.get(reverse("onboarding:policy_preview", args=[draft.pk])).content.decode()
    assert "three days a week" in preview
    assert "I have read and accept version 2" in preview

    confirm = client.get(reverse("onboarding:policy_publish", args=[draft.pk])).content.decode()
    expected = PlanItem.objects.filter(policy=policy).values("plan").distinct().count()
    assert f"{expected} {'person' if expected == 1 else 'people'}</strong> will be asked" in confirm
    published = client.post(
        reverse("onboarding:policy_publish", args=[draft.pk]),
        {"change": "material", "expected_number": draft.number},
    )
    assert published.status_code == 302
    assert PlanItem.objects.open().filter(policy=policy).count() == expected


def test_employees_never_reach_drafts(client_for, plan, policy, hr_user):
    draft = services.policy_draft_create(policy=policy, by=hr_user)
    services.policy_draft_update(
        version=draft,
        by=hr_user,
        body="Secret draft",
        change_note="",
        effective_date=draft.effective_date,
        pdf=SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client = client_for(plan.employee.user)
    assert client.get(reverse("onboarding:policy_pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("onboarding:policy_preview", args=[draft.pk])).status_code == 403
    assert client.get(reverse("onboarding:policies")).status_code == 403


def test_a_draft_form_refuses_a_fake_pdf(client_for, hr_user, policy):
    draft = services.policy_draft_create(policy=policy, by=hr_user)
    response = client_for(hr_user).post(
        reverse("onboarding:policy_draft", args=[draft.pk]),
        {
            "body": V2,
            "effective_date": "2026-12-01",
            "pdf": SimpleUploadedFile("p.pdf", b"just text pretending"),
        },
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == V1


def test_a_published_version_page_has_no_edit_form(client_for, hr_user, policy):
    version = policy.current_version
    client = client_for(hr_user)
    response = client.get(reverse("onboarding:policy_draft", args=[version.pk]))
    assert response["Location"] == reverse("onboarding:policy_version", args=[version.pk])
    deleted = client.post(reverse("onboarding:policy_draft_delete", args=[version.pk]))
    assert deleted.status_code == 302
    assert PolicyVersion.objects.filter(pk=version.pk).exists()
