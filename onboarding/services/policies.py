"""Policy versions: a draft HR writes from the previous text, then publishes once.

Publishing a material change asks everyone concerned to acknowledge again; a minor one (a typo,
a new contact) becomes current without asking anyone. A published version never changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar
from backoffice.core.errors import DomainError
from onboarding.models import (
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    Policy,
    PolicyVersion,
)
from onboarding.services.uploads import document_validate

ACKNOWLEDGE_WITHIN_DAYS = 14


class PolicyVersionError(DomainError):
    """A draft or a publication was refused; the message says why."""


def plans_for_employees(employees) -> list[OnboardingPlan]:
    """Each employee's plan, creating empty ones (templates come with the hire) in bulk."""
    employee_ids = [employee.pk for employee in employees]
    have = set(
        OnboardingPlan.objects.filter(employee_id__in=employee_ids).values_list(
            "employee_id", flat=True
        )
    )
    OnboardingPlan.objects.bulk_create(
        [OnboardingPlan(employee_id=pk) for pk in employee_ids if pk not in have],
        ignore_conflicts=True,
    )
    return list(OnboardingPlan.objects.filter(employee_id__in=employee_ids))


def _ask_to_acknowledge(policy: Policy, version: PolicyVersion, by) -> int:
    plans = plans_for_employees(policy.employees_concerned())
    waiting = set(
        PlanItem.objects.open()
        .filter(plan__in=plans, kind=ItemKind.POLICY, policy=policy)
        .values_list("plan_id", flat=True)
    )
    due = WorkingCalendar.company().on_or_after(
        max(timezone.localdate(), version.effective_date)
        + datetime.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)
    )
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            origin=PlanItem.Origin.POLICY_UPDATE,
            kind=ItemKind.POLICY,
            title=f"Read and accept: {policy.title}",
            description=version.change_note,
            owner=ItemOwner.NEW_HIRE,
            due_date=due,
            policy=policy,
        )
        for plan in plans
        # An open item already asks for the current version, whatever it was created for.
        if plan.pk not in waiting
    )
    PlanItemEvent.objects.bulk_create(
        PlanItemEvent(
            item=item, action=PlanItemEvent.Action.ADDED, by=by, note=f"Version {version.number}"
        )
        for item in items
    )
    return len(items)


def _require_hr(by) -> None:
    # `by=None` is the system itself (the demo seed, a script), never a request.
    if by is not None and not by.is_hr:
        raise PermissionDenied("Only HR writes and publishes policies.")


def _locked_draft(version: PolicyVersion) -> PolicyVersion:
    version = (
        PolicyVersion.objects.select_for_update(of=("self",))
        .select_related("policy")
        .get(pk=version.pk)
    )
    if version.is_published:
        raise PolicyVersionError(
            f"Version {version.number} of “{version.policy}” is published and cannot change; "
            "start a new version instead."
        )
    return version


def _check_pdf(pdf) -> None:
    if pdf and document_validate(pdf) != "application/pdf":
        raise PolicyVersionError("Attach a PDF file.")


@transaction.atomic
def policy_draft_create(*, policy: Policy, by) -> PolicyVersion:
    """Start the next version of `policy` as a draft holding the current version's text.

    One draft per policy: when one exists it is returned, so a second click edits the same one.
    """
    _require_hr(by)
    policy = (
        Policy.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=policy.pk)
    )
    draft = policy.versions.drafts().first()
    if draft is not None:
        return draft
    previous = policy.current_version
    number = (policy.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return PolicyVersion.objects.create(
        policy=policy,
        number=number,
        body=previous.body if previous else "",
        effective_date=timezone.localdate(),
        created_at=timezone.now(),
        created_by=by,
    )


@transaction.atomic
def policy_draft_update(
    *,
    version: PolicyVersion,
    by,
    body: str,
    change_note: str,
    effective_date: datetime.date,
    pdf=None,
    remove_pdf: bool = False,
) -> PolicyVersion:
    """Save HR's edits to a draft; a published version is refused."""
    _require_hr(by)
    version = _locked_draft(version)
    _check_pdf(pdf)
    version.body = body
    version.change_note = change_note.strip()
    version.effective_date = effective_date
    if remove_pdf and version.pdf:
        version.pdf.delete(save=False)
    if pdf:
        version.pdf.save("policy.pdf", pdf, save=False)
    version.save()
    return version


@transaction.atomic
def policy_draft_delete(*, version: PolicyVersion, by) -> None:
    """Throw a draft away; a published version is refused."""
    _require_hr(by)
    version = _locked_draft(version)
    if version.pdf:
        version.pdf.delete(save=False)
    version.delete()


@transaction.atomic
def policy_version_publish(
    *, version: PolicyVersion, by, material: bool, expected_number: int | None = None
) -> int:
    """Publish a draft: it becomes the current version and can never change again.

    A material change asks everyone the policy concerns (not those who left) to accept it,
    unless a request is already open; a minor one asks nobody again. Acknowledgements of
    earlier versions stay: they record what was accepted then. Returns how many were asked.
    """
    _require_hr(by)
    Policy.objects.select_for_update().filter(pk=version.policy_id).first()
    version = _locked_draft(version)
    if expected_number is not None and expected_number != version.number:
        raise PolicyVersionError("This draft changed while you looked at it; check it again.")
    if not version.body.strip() and not version.pdf:
        raise PolicyVersionError("Write the policy text or attach a PDF before publishing.")
    policy = version.policy
    if policy.current_version is None and not material:
        raise PolicyVersionError("The first version of a policy is always for everyone to read.")
    version.published_at = timezone.now()
    version.published_by = by
    version.is_material = material
    version.save()
    policy.current_version = version
    policy.save(update_fields=["current_version"])
    if material and policy.requires_acknowledgement:
        return _ask_to_acknowledge(policy, version, by)
    return 0


@transaction.atomic
def policy_publish_version(
    *,
    policy: Policy,
    effective_date: datetime.date,
    by,
    body: str = "",
    pdf=None,
    change_note: str = "",
    material: bool = True,
) -> PolicyVersion:
    """Write and publish the next version in one go (seeding, scripts): draft, then publish."""
    if policy.versions.drafts().exists():
        raise PolicyVersionError(f"“{policy}” has a draft: publish or delete it first.")
    if not body.strip() and not pdf:
        raise PolicyVersionError("A policy version needs a text or a PDF.")
    draft = policy_draft_create(policy=policy, by=by)
    policy_draft_update(
        version=draft,
        by=by,
        body=body,
        pdf=pdf,
        change_note=change_note,
        effective_date=effective_date,
    )
    policy_version_publish(version=draft, by=by, material=material)
    draft.refresh_from_db()
    return draft
