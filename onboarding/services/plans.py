"""Plans and their items: creation from templates, completion, HR's corrections."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar
from backoffice.core.errors import DomainError
from backoffice.notifications.services import outbox_email
from backoffice.people.models import Employee
from backoffice.people.services import employee_activate
from onboarding.models import (
    ChecklistTemplate,
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    PolicyAcknowledgement,
    QuizAttempt,
    TemplateItem,
    TrainingCompletion,
)
from onboarding.services.uploads import document_validate


def _matching_templates(employee: Employee) -> list[ChecklistTemplate]:
    return list(
        ChecklistTemplate.objects.filter(
            is_active=True, purpose=ChecklistTemplate.Purpose.ONBOARDING
        )
        .filter(Q(role_family__isnull=True) | Q(role_family_id=employee.role_family_id))
        .filter(Q(department__isnull=True) | Q(department_id=employee.department_id))
        .order_by("name")
    )


def _item_from_template(
    plan: OnboardingPlan, template_item: TemplateItem, calendar: WorkingCalendar
) -> PlanItem:
    return PlanItem(
        plan=plan,
        template_item=template_item,
        origin=PlanItem.Origin.TEMPLATE,
        order=template_item.order,
        kind=template_item.kind,
        title=template_item.title,
        description=template_item.description,
        owner=template_item.owner,
        due_date=calendar.due_date(plan.employee.start_date, template_item.due_offset_days),
        policy_id=template_item.policy_id,
        training_id=template_item.training_id,
    )


def _copy_items(*, plan: OnboardingPlan, template_items: list[TemplateItem], by) -> list[PlanItem]:
    """Copy template items not yet in the plan, then link their dependencies inside the plan."""
    existing = {
        item.template_item_id: item for item in plan.items.filter(template_item__isnull=False)
    }
    open_policy_ids = set(
        plan.items.open().filter(kind=ItemKind.POLICY).values_list("policy_id", flat=True)
    )
    created = []
    calendar = WorkingCalendar.company()
    for template_item in template_items:
        if template_item.pk in existing:
            continue
        # A policy already waiting in the plan (from a new version) is not asked twice.
        if template_item.kind == ItemKind.POLICY and template_item.policy_id in open_policy_ids:
            continue
        created.append(_item_from_template(plan, template_item, calendar))
    PlanItem.objects.bulk_create(created)
    by_template = {**existing, **{item.template_item_id: item for item in created}}
    linked = []
    for item in created:
        parent = by_template.get(item.template_item.depends_on_id)
        if parent is not None:
            item.depends_on = parent
            linked.append(item)
    PlanItem.objects.bulk_update(linked, ["depends_on"])
    PlanItemEvent.objects.bulk_create(
        PlanItemEvent(item=item, action=PlanItemEvent.Action.ADDED, by=by) for item in created
    )
    return created


def _plan_get_or_create(employee: Employee, *, by=None) -> OnboardingPlan:
    try:
        with transaction.atomic():
            plan, _ = OnboardingPlan.objects.get_or_create(
                employee=employee, defaults={"created_by": by}
            )
    except IntegrityError:  # created by a concurrent request between the get and the insert
        plan = OnboardingPlan.objects.get(employee=employee)
    return plan


@transaction.atomic
def plan_create_for_employee(*, employee: Employee, by=None) -> OnboardingPlan:
    """Give `employee` their plan from every matching active template, once per hire.

    Idempotent: a second call (a second signal, an admin click) returns the same plan untouched.
    Due dates are the start date plus each item's offset, moved onto a working day of the
    company's calendar (later from day one on, earlier before it).
    """
    plan = OnboardingPlan.objects.select_for_update().filter(
        pk=_plan_get_or_create(employee, by=by).pk
    )[0]
    if plan.templates_applied_at is not None:
        return plan
    plan.employee = employee
    template_items = list(
        TemplateItem.objects.filter(template__in=_matching_templates(employee)).order_by(
            "template__name", "order", "pk"
        )
    )
    _copy_items(plan=plan, template_items=template_items, by=by)
    plan.templates_applied_at = timezone.now()
    plan.save(update_fields=["templates_applied_at"])
    return plan


@transaction.atomic
def plan_apply_template(*, plan: OnboardingPlan, template: ChecklistTemplate, by) -> dict:
    """Bring a plan under way up to date with `template`, on HR's request.

    Missing items are added; open items copied from the template take its current wording,
    owner and due offset; items already done are left as they were.
    """
    plan = OnboardingPlan.objects.select_for_update().select_related("employee").get(pk=plan.pk)
    template_items = list(template.items.all())
    added = _copy_items(plan=plan, template_items=template_items, by=by)
    added_ids = {item.pk for item in added}
    by_template = {item.pk: item for item in template_items}
    updated = 0
    calendar = WorkingCalendar.company()
    for item in plan.items.open().filter(template_item__in=template_items):
        if item.pk in added_ids:
            continue
        fresh = _item_from_template(plan, by_template[item.template_item_id], calendar)
        fields = ["title", "description", "owner", "due_date", "order"]
        if all(getattr(item, name) == getattr(fresh, name) for name in fields):
            continue
        for name in fields:
            setattr(item, name, getattr(fresh, name))
        item.save(update_fields=fields)
        PlanItemEvent.objects.create(
            item=item, action=PlanItemEvent.Action.UPDATED, by=by, note=f"From {template}"
        )
        updated += 1
    return {"added": len(added), "updated": updated}


def _locked_item(item: PlanItem) -> PlanItem:
    return (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related(
            "plan__employee__manager", "policy__current_version", "training", "depends_on"
        )
        .get(pk=item.pk)
    )


def _check_can_complete(item: PlanItem, by) -> None:
    if not item.can_complete(by):
        if item.is_personal:
            what = "accept this policy" if item.kind == ItemKind.POLICY else "do this training"
            raise PermissionDenied(
                f"Only {item.plan.employee} can {what}: nobody can do it on their behalf."
            )
        if item.owner == ItemOwner.IT:
            raise PermissionDenied("Only a member of IT can complete IT's items.")
        raise PermissionDenied("Only the item's owner or HR can complete it.")
    if item.is_done:
        raise ValidationError("This item is already done.")
    if item.depends_on is not None and not item.depends_on.is_done:
        raise ValidationError(f"Finish “{item.depends_on.title}” first.")


def _acknowledge(item: PlanItem, by, accept_version: int | None, ip_address: str | None):
    # An acceptance is the person's own word: nobody, HR included, gives it for them. (HR can
    # still mark the item done with a reason, which records who acted and why.)
    if item.plan.employee.user_id != by.pk:
        raise PermissionDenied("Only the employee can accept a policy; HR can mark it done.")
    version = item.policy.current_version
    if version is None:
        raise ValidationError("This policy has no published version to accept yet.")
    if accept_version != version.number:
        raise ValidationError(f"Tick “I have read and accept version {version.number}”.")
    acknowledgement, _ = PolicyAcknowledgement.objects.get_or_create(
        employee=item.plan.employee, version=version, defaults={"ip_address": ip_address}
    )
    item.acknowledgement = acknowledgement


def _record_training(item: PlanItem, by, score: int | None = None) -> None:
    module = item.training
    now = timezone.now()
    item.training_completion = TrainingCompletion.objects.create(
        employee=item.plan.employee,
        module=module,
        completed_at=now,
        expires_on=module.expiry_for(timezone.localdate(now)),
        quiz_score_percent=score,
        recorded_by=by,
    )


def _store_upload(item: PlanItem, upload) -> None:
    if upload is None:
        raise ValidationError("Choose a file to upload.")
    item.upload_content_type = document_validate(upload)
    item.upload_name = upload.name[-255:]
    item.upload.save("upload", upload, save=False)


def _finish(item: PlanItem, by, action: str, note: str = "") -> None:
    item.done_at = timezone.now()
    item.done_by = by
    item.save()
    PlanItemEvent.objects.create(item=item, action=action, by=by, note=note)
    _plan_check_completion(item.plan)


@transaction.atomic
def item_complete(
    *,
    item: PlanItem,
    by,
    accept_version: int | None = None,
    upload=None,
    ip_address: str | None = None,
) -> PlanItem:
    """Complete an item as its owner, or as HR on the owner's behalf.

    Accepting a policy and completing a training are personal: only the employee whose plan it
    is can do them, never HR. IT's items are done by members of IT only. When HR does a new
    hire's or a manager's task, the event says it was done on their behalf.

    A policy needs `accept_version` equal to the current version and records an immutable
    acknowledgement; a training without a quiz records the completion with its expiry (one with
    a quiz is completed by quiz_submit); an upload must be a PDF/DOCX/ODT/TXT of at most 5 MB.
    An item waiting on another item cannot be done first. Raises PermissionDenied or
    ValidationError, writing nothing.
    """
    item = _locked_item(item)
    _check_can_complete(item, by)
    if item.kind == ItemKind.POLICY:
        _acknowledge(item, by, accept_version, ip_address)
    elif item.kind == ItemKind.TRAINING:
        if item.training.has_quiz:
            # Every attempt is recorded, passed or not: that write must not be rolled back.
            raise DomainError("This training ends with a quiz: submit it with quiz_submit.")
        _record_training(item, by)
    elif item.kind == ItemKind.UPLOAD:
        _store_upload(item, upload)
    if item.is_owned_by(by):
        _finish(item, by, PlanItemEvent.Action.DONE)
    else:
        # HR doing someone's task or upload: the record says who did it, for whom.
        owner = item.plan.employee if item.owner == ItemOwner.NEW_HIRE else item.get_owner_display()
        note = f"On behalf of {owner}"
        _finish(item, by, PlanItemEvent.Action.MARKED_DONE, note=note)
    return item


def _require_hr(by) -> None:
    if not by.is_hr:
        raise PermissionDenied("Only HR can do this.")


@transaction.atomic
def item_mark_done(*, item: PlanItem, by, reason: str) -> PlanItem:
    """HR marks an item done without its proof (e.g. done on paper); the reason is kept.

    Never for a policy (an acknowledgement is the employee's own) nor a training with a quiz
    (only the employee can pass it): those raise a DomainError.
    """
    _require_hr(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give the reason for marking it done.")
    item = _locked_item(item)
    if item.is_done:
        return item
    if not item.can_be_marked_done_by_hr():
        what = "accept a policy" if item.kind == ItemKind.POLICY else "pass a quiz"
        raise DomainError(
            f"“{item.title}” cannot be marked done for {item.plan.employee}: only they can {what}."
        )
    _finish(item, by, PlanItemEvent.Action.MARKED_DONE, note=reason)
    return item


@transaction.atomic
def item_extend_due(*, item: PlanItem, by, due_date: datetime.date, reason: str = "") -> PlanItem:
    """HR moves an open item's due date later; the old date and the reason are kept."""
    _require_hr(by)
    item = _locked_item(item)
    if item.is_done:
        raise ValidationError("This item is already done.")
    if due_date <= item.due_date:
        raise ValidationError("The new due date must be later than the current one.")
    note = f"{item.due_date:%Y-%m-%d} → {due_date:%Y-%m-%d}"
    if reason.strip():
        note = f"{note}: {reason.strip()}"
    item.due_date = due_date
    item.save(update_fields=["due_date"])
    PlanItemEvent.objects.create(
        item=item, action=PlanItemEvent.Action.DUE_EXTENDED, by=by, note=note
    )
    return item


def _plan_check_completion(plan: OnboardingPlan) -> None:
    """The first time nothing is left open, the plan is complete and the manager is told.

    Only an onboarding (a plan whose templates were applied) completes: a plan that only holds
    policy updates or recertifications for existing staff never sends "onboarding complete".
    """
    if plan.completed_at is not None or plan.templates_applied_at is None:
        return
    if plan.items.open().exists():
        return
    plan.completed_at = timezone.now()
    plan.save(update_fields=["completed_at"])
    _plan_completed_notice(plan)


def _plan_completed_notice(plan: OnboardingPlan) -> None:
    """The manager's "onboarding complete" email, written with the completion (one per plan)."""
    employee = (
        Employee.objects.select_related("user", "manager__user").filter(pk=plan.employee_id).first()
    )
    if employee is None or employee.manager is None:
        return
    outbox_email(
        key=f"onboarding.plan_completed:{plan.pk}",
        to=[employee.manager.user.email],
        subject=f"{employee} has completed their onboarding",
        template="onboarding_plan_completed",
        context={"plan": plan, "employee": employee},
    )


@transaction.atomic
def plan_employee_activate(*, plan: OnboardingPlan, by) -> Employee:
    """HR moves a pre-start employee whose onboarding is complete to active."""
    _require_hr(by)
    plan = OnboardingPlan.objects.select_related("employee").get(pk=plan.pk)
    if plan.completed_at is None:
        raise ValidationError("The onboarding plan is not complete yet.")
    return employee_activate(employee=plan.employee)


@transaction.atomic
def quiz_submit(*, item: PlanItem, by, answers: dict[int, int]) -> QuizAttempt:
    """Grade the employee's answers to a training's quiz and record the attempt.

    Only the employee whose plan it is can take it. Every attempt is kept (score, which
    questions were wrong); a failed one leaves the item open for a retry after reading again.
    A pass at or above the pass mark records the completion with the score and its expiry.
    """
    item = _locked_item(item)
    _check_can_complete(item, by)
    module = item.training
    if item.kind != ItemKind.TRAINING or not module.has_quiz:
        raise DomainError("This item has no quiz.")
    questions = list(module.questions.prefetch_related("choices"))
    wrong = [
        question.pk
        for question in questions
        if not any(
            c.is_correct and c.pk == answers.get(question.pk) for c in question.choices.all()
        )
    ]
    score = round(100 * (len(questions) - len(wrong)) / len(questions)) if questions else 100
    attempt = QuizAttempt.objects.create(
        employee=item.plan.employee,
        module=module,
        item=item,
        score_percent=score,
        passed=score >= module.pass_mark_percent,
        answers={str(question_id): choice for question_id, choice in answers.items()},
        wrong_question_ids=wrong,
    )
    if attempt.passed:
        _record_training(item, by, score=score)
        _finish(item, by, PlanItemEvent.Action.DONE, note=f"Quiz {score}%")
    return attempt
