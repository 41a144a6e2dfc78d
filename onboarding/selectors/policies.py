"""Reads of policies for HR's pages: versions, the diff's partner, who publishing asks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from onboarding.models import (
    ItemKind,
    PlanItem,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
)


def policies_for_hr() -> list[Policy]:
    """Every policy with its current version and its draft, if any; two queries."""
    return list(
        Policy.objects.select_related("current_version").prefetch_related(
            Prefetch("versions", queryset=PolicyVersion.objects.drafts(), to_attr="drafts")
        )
    )


def policy_get(pk: int) -> Policy:
    policy = (
        Policy.objects.select_related("current_version")
        .prefetch_related("role_families", "departments")
        .filter(pk=pk)
        .first()
    )
    if policy is None:
        raise Http404("No such policy.")
    return policy


def policy_version_get_for_user(user, pk: int) -> PolicyVersion:
    """A version the user may read (published: every employee; drafts: HR); else 404."""
    version = (
        PolicyVersion.objects.visible_to(user)
        .select_related("policy__current_version", "created_by", "published_by")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404("No such policy version.")
    return version


def policy_version_previous(version: PolicyVersion) -> PolicyVersion | None:
    """The published version before `version` (what a draft is compared with)."""
    return (
        version.policy.versions.published()
        .filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )


def audience_label(audience) -> str:
    if audience.for_everyone:
        return "everyone employed"
    parts = [family.name for family in audience.role_families.all()]
    parts += [department.name for department in audience.departments.all()]
    return ", ".join(parts) or "nobody yet (no role family or department chosen)"


@dataclass
class AudienceCount:
    label: str
    concerned: int = 0
    asked_again: int = 0  # accepted an earlier version: a new request
    first_time: int = 0  # never accepted, no open request: a new request
    waiting: int = 0  # a request is already open: it now asks for this version

    @property
    def asked(self) -> int:
        return self.asked_again + self.first_time


@dataclass
class PublishImpact:
    audience: str
    rows: list[AudienceCount]
    total: AudienceCount


def policy_publish_impact(version: PolicyVersion) -> PublishImpact:
    """Who publishing `version` as a material change asks to acknowledge, by department.

    Counted as policy_version_publish will act: everyone the policy concerns (not those who
    left); those with an open request get no second one. Four queries whatever the headcount.
    """
    policy = Policy.objects.prefetch_related("role_families", "departments").get(
        pk=version.policy_id
    )
    waiting = set(
        PlanItem.objects.open()
        .filter(kind=ItemKind.POLICY, policy=policy)
        .values_list("plan__employee_id", flat=True)
    )
    accepted = set(
        PolicyAcknowledgement.objects.filter(version__policy=policy).values_list(
            "employee_id", flat=True
        )
    )
    rows: dict[str, AudienceCount] = {}
    total = AudienceCount("Everyone concerned")
    for employee_id, department in policy.employees_concerned().values_list(
        "pk", "department__name"
    ):
        row = rows.setdefault(department or "No department", AudienceCount(department or ""))
        row.label = department or "No department"
        for counter in (row, total):
            counter.concerned += 1
            if employee_id in waiting:
                counter.waiting += 1
            elif employee_id in accepted:
                counter.asked_again += 1
            else:
                counter.first_time += 1
    return PublishImpact(
        audience=audience_label(policy),
        rows=[rows[key] for key in sorted(rows)],
        total=total,
    )
