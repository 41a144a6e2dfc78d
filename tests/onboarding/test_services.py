import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar
from backoffice.core.errors import DomainError
from backoffice.people.models import Employee
from onboarding import receivers, services
from onboarding.models import (
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    PolicyAcknowledgement,
    QuizAttempt,
    TrainingCompletion,
)
from tests.factories.onboarding import (
    ChecklistTemplateFactory,
    PlanItemFactory,
    PolicyFactory,
    QuizQuestionFactory,
    TemplateItemFactory,
    TrainingCompletionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import DepartmentFactory, EmployeeFactory, RoleFamilyFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


# --- Plans from templates -----------------------------------------------------------------


@pytest.fixture
def payroll_template(new_hire):
    template = ChecklistTemplateFactory(role_family=new_hire.role_family)
    contract = TemplateItemFactory(
        template=template, title="Sign contract", owner=ItemOwner.HR, due_offset_days=-5
    )
    TemplateItemFactory(
        template=template, title="Laptop", owner=ItemOwner.IT, due_offset_days=-1,
        depends_on=contract,
    )  # fmt: skip
    return template


def test_a_hire_gets_one_plan_from_matching_templates_with_real_due_dates(
    new_hire, payroll_template, announce_hire
):
    other_family = RoleFamilyFactory(slug="receptionist")
    TemplateItemFactory(template=ChecklistTemplateFactory(role_family=other_family))
    everyone = TemplateItemFactory(template=ChecklistTemplateFactory(), due_offset_days=3)

    assert announce_hire(new_hire).events_done == 4  # onboarding, performance, webhooks, reports

    plan = OnboardingPlan.objects.get(employee=new_hire)
    items = {item.title: item for item in plan.items.all()}
    assert set(items) == {"Sign contract", "Laptop", everyone.title}
    five_before = new_hire.start_date - datetime.timedelta(days=5)
    assert items["Sign contract"].due_date == WorkingCalendar.company().on_or_before(five_before)
    assert items["Laptop"].depends_on == items["Sign contract"]
    assert plan.templates_applied_at is not None


def test_the_plan_is_created_once_per_hire(new_hire, payroll_template, announce_hire):
    announce_hire(new_hire)
    announce_hire(new_hire)  # the same hire again: no second event row
    receivers.plan_on_hire({"employee_id": new_hire.pk})  # the handler run again after a crash
    services.plan_create_for_employee(employee=new_hire)
    assert OnboardingPlan.objects.filter(employee=new_hire).count() == 1
    assert PlanItem.objects.filter(plan__employee=new_hire).count() == 2


def test_changing_a_template_does_not_rewrite_a_plan_until_hr_applies_it(
    new_hire, payroll_template, hr_user
):
    plan = services.plan_create_for_employee(employee=new_hire)
    template_item = payroll_template.items.get(title="Sign contract")
    template_item.title = "Sign the new contract"
    template_item.save()
    TemplateItemFactory(template=payroll_template, title="New step")
    assert set(plan.items.values_list("title", flat=True)) == {"Sign contract", "Laptop"}

    result = services.plan_apply_template(plan=plan, template=payroll_template, by=hr_user)

    assert result == {"added": 1, "updated": 1}
    titles = set(plan.items.values_list("title", flat=True))
    assert titles == {"Sign the new contract", "Laptop", "New step"}
    assert PlanItemEvent.objects.filter(action=PlanItemEvent.Action.UPDATED).count() == 1


def test_applying_a_template_leaves_done_items_alone(new_hire, payroll_template, hr_user):
    plan = services.plan_create_for_employee(employee=new_hire)
    done = plan.items.get(title="Sign contract")
    services.item_complete(item=done, by=hr_user)
    payroll_template.items.filter(pk=done.template_item_id).update(title="Changed")
    services.plan_apply_template(plan=plan, template=payroll_template, by=hr_user)
    done.refresh_from_db()
    assert done.title == "Sign contract"


# --- Completing items ---------------------------------------------------------------------


def test_only_the_owner_or_hr_can_complete_an_item(plan, manager, hr_user, employee_user):
    item = PlanItemFactory(plan=plan, owner=ItemOwner.NEW_HIRE)
    for outsider in (manager.user, employee_user):
        with pytest.raises(PermissionDenied):
            services.item_complete(item=item, by=outsider)
    item.refresh_from_db()
    assert item.done_at is None
    assert not PlanItemEvent.objects.exists()

    manager_item = PlanItemFactory(plan=plan, owner=ItemOwner.MANAGER)
    with pytest.raises(PermissionDenied):
        services.item_complete(item=manager_item, by=plan.employee.user)
    services.item_complete(item=manager_item, by=manager.user)
    services.item_complete(item=item, by=hr_user)
    assert PlanItem.objects.open().filter(plan=plan).count() == 0


def test_an_item_waiting_on_another_cannot_be_done_first(plan, hr_user):
    first = PlanItemFactory(plan=plan, owner=ItemOwner.HR)
    second = PlanItemFactory(plan=plan, depends_on=first)
    with pytest.raises(ValidationError, match="first"):
        services.item_complete(item=second, by=plan.employee.user)
    services.item_complete(item=first, by=hr_user)
    services.item_complete(item=second, by=plan.employee.user)


def test_a_policy_needs_explicit_acceptance_of_the_current_version(plan):
    policy = PolicyFactory(published=True)
    item = PlanItemFactory(plan=plan, kind=ItemKind.POLICY, policy=policy)
    for wrong in (None, 2):
        with pytest.raises(ValidationError, match="accept version 1"):
            services.item_complete(item=item, by=plan.employee.user, accept_version=wrong)
    assert not PolicyAcknowledgement.objects.exists()

    services.item_complete(
        item=item, by=plan.employee.user, accept_version=1, ip_address="203.0.113.9"
    )
    acknowledgement = PolicyAcknowledgement.objects.get()
    assert acknowledgement.employee == plan.employee
    assert acknowledgement.version == policy.current_version
    assert acknowledgement.ip_address == "203.0.113.9"
    item.refresh_from_db()
    assert item.acknowledgement == acknowledgement


def test_a_training_records_completion_expiry_and_quiz_pass(plan):
    module = TrainingModuleFactory(pass_mark_percent=50, validity_months=12)
    question = QuizQuestionFactory(module=module)
    right = question.choices.get(is_correct=True)
    wrong = question.choices.get(is_correct=False)
    item = PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module)

    failed = services.quiz_submit(item=item, by=plan.employee.user, answers={question.pk: wrong.pk})
    assert (failed.passed, failed.score_percent, failed.wrong_question_ids) == (
        False,
        0,
        [question.pk],
    )
    assert not TrainingCompletion.objects.exists()
    item.refresh_from_db()
    assert item.done_at is None

    passed = services.quiz_submit(item=item, by=plan.employee.user, answers={question.pk: right.pk})
    assert passed.passed
    assert QuizAttempt.objects.filter(item=item).count() == 2
    completion = TrainingCompletion.objects.get()
    assert completion.quiz_score_percent == 100
    with pytest.raises(DomainError, match="quiz"):
        services.item_complete(
            item=PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module),
            by=plan.employee.user,
        )
    assert completion.expires_on == TODAY() + relativedelta(months=12)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("contract.pdf", PDF, True),
        ("notes.txt", "Bank: NL00 TEST 0123 4567 89 — Noah".encode(), True),
        ("contract.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary", False),  # an .exe renamed
        ("empty.txt", b"", False),
    ],
)
def test_uploads_are_checked_by_content(plan, name, content, ok):
    item = PlanItemFactory(plan=plan, kind=ItemKind.UPLOAD)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    if ok:
        services.item_complete(item=item, by=plan.employee.user, upload=upload)
        item.refresh_from_db()
        assert item.upload_name == name
        assert name not in item.upload.name  # stored under a random name
        assert item.upload.read() == content
    else:
        with pytest.raises(ValidationError):
            services.item_complete(item=item, by=plan.employee.user, upload=upload)
        item.refresh_from_db()
        assert item.done_at is None
        assert not item.upload


def test_uploads_over_5_mb_are_refused(plan):
    item = PlanItemFactory(plan=plan, kind=ItemKind.UPLOAD)
    big = SimpleUploadedFile("big.txt", b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="5 MB"):
        services.item_complete(item=item, by=plan.employee.user, upload=big)


def test_docx_and_odt_are_recognised_by_their_insides():
    import io
    import zipfile

    def archive(files):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zipped:
            for name, data in files.items():
                zipped.writestr(name, data)
        return SimpleUploadedFile("x", buffer.getvalue())

    docx = archive({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"})
    odt = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    other = archive({"payload.bin": "x"})
    assert services.document_validate(docx).endswith("wordprocessingml.document")
    assert services.document_validate(odt) == "application/vnd.oasis.opendocument.text"
    with pytest.raises(ValidationError):
        services.document_validate(other)


# --- Completion of the plan ---------------------------------------------------------------


def test_the_last_item_completes_the_plan_and_tells_the_manager(
    plan, manager, mailoutbox, django_capture_on_commit_callbacks
):
    first = PlanItemFactory(plan=plan)
    last = PlanItemFactory(plan=plan)
    services.item_complete(item=first, by=plan.employee.user)
    plan.refresh_from_db()
    assert plan.completed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.item_complete(item=last, by=plan.employee.user)
    plan.refresh_from_db()
    assert plan.completed_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [manager.user.email]
    assert str(plan.employee) in mailoutbox[0].subject
    assert f"/onboarding/employees/{plan.employee_id}/" in mailoutbox[0].body


def test_hr_moves_a_complete_new_hire_to_active(plan, hr_user):
    item = PlanItemFactory(plan=plan)
    with pytest.raises(ValidationError, match="not complete"):
        services.plan_employee_activate(plan=plan, by=hr_user)
    services.item_complete(item=item, by=plan.employee.user)
    with pytest.raises(PermissionDenied):
        services.plan_employee_activate(plan=plan, by=plan.employee.user)
    services.plan_employee_activate(plan=plan, by=hr_user)
    plan.employee.refresh_from_db()
    assert plan.employee.status == Employee.Status.ACTIVE


def test_hr_marks_done_with_a_reason_and_extends_due_dates(plan, hr_user):
    item = PlanItemFactory(plan=plan, due_date=TODAY())
    with pytest.raises(PermissionDenied):
        services.item_extend_due(item=item, by=plan.employee.user, due_date=TODAY())
    with pytest.raises(ValidationError, match="later"):
        services.item_extend_due(item=item, by=hr_user, due_date=TODAY())
    later = TODAY() + datetime.timedelta(days=7)
    services.item_extend_due(item=item, by=hr_user, due_date=later, reason="On leave")
    item.refresh_from_db()
    assert item.due_date == later

    with pytest.raises(ValidationError, match="reason"):
        services.item_mark_done(item=item, by=hr_user, reason="  ")
    services.item_mark_done(item=item, by=hr_user, reason="Signed on paper")
    item.refresh_from_db()
    assert item.done_by == hr_user
    events = list(item.events.values_list("action", "note"))
    assert (PlanItemEvent.Action.MARKED_DONE, "Signed on paper") in events
    assert any(action == PlanItemEvent.Action.DUE_EXTENDED and "On leave" in note
               for action, note in events)  # fmt: skip


# --- Policies -----------------------------------------------------------------------------


def test_a_new_policy_version_reopens_acknowledgement_for_everyone_concerned(hr_user):
    staff = [EmployeeFactory() for _ in range(3)]
    gone = EmployeeFactory(status=Employee.Status.LEFT)
    policy = PolicyFactory()
    services.policy_publish_version(
        policy=policy, body="Version one", effective_date=TODAY(), by=hr_user
    )
    items = PlanItem.objects.filter(policy=policy)
    concerned = {employee.pk for employee in [*staff, hr_user.employee]}
    assert set(items.values_list("plan__employee", flat=True)) == concerned
    for item in items.filter(plan__employee__in=staff):
        services.item_complete(item=item, by=item.plan.employee.user, accept_version=1)
    assert PlanItem.objects.open().filter(policy=policy).count() == 1  # HR's own

    version = services.policy_publish_version(
        policy=policy, body="Version two", effective_date=TODAY(), by=hr_user, change_note="New"
    )

    policy.refresh_from_db()
    assert policy.current_version == version
    assert version.number == 2
    reopened = PlanItem.objects.open().filter(policy=policy)
    assert set(reopened.values_list("plan__employee", flat=True)) == concerned
    assert reopened.count() == 4  # HR's open item was not doubled
    assert not PlanItem.objects.filter(plan__employee=gone).exists()
    # Earlier acknowledgements stay; the new version needs new ones.
    assert PolicyAcknowledgement.objects.filter(version__number=1).count() == 3
    with pytest.raises(ValidationError):
        services.item_complete(
            item=reopened.get(plan__employee=staff[0]), by=staff[0].user, accept_version=1
        )
    services.item_complete(
        item=reopened.get(plan__employee=staff[0]), by=staff[0].user, accept_version=2
    )
    assert PolicyAcknowledgement.objects.filter(version=version).count() == 1


def test_a_policy_for_some_role_families_and_departments_asks_only_them(hr_user):
    bookkeepers = RoleFamilyFactory(slug="bookkeeper")
    receptionists = RoleFamilyFactory(slug="receptionist")
    finance = DepartmentFactory(name="Finance")
    service = DepartmentFactory(name="Customer Service")
    bookkeeper = EmployeeFactory(role_family=bookkeepers, department=finance)
    in_service = EmployeeFactory(role_family=receptionists, department=service)
    neither = EmployeeFactory(role_family=receptionists, department=finance)
    policy = PolicyFactory(for_everyone=False)
    policy.role_families.set([bookkeepers])
    policy.departments.set([service])

    services.policy_publish_version(policy=policy, body="x", effective_date=TODAY(), by=hr_user)

    asked = set(PlanItem.objects.filter(policy=policy).values_list("plan__employee", flat=True))
    assert asked & {bookkeeper.pk, in_service.pk, neither.pk} == {bookkeeper.pk, in_service.pk}


def test_a_version_needs_a_text_or_a_pdf(hr_user):
    with pytest.raises(ValidationError):
        services.policy_publish_version(
            policy=PolicyFactory(), body="  ", effective_date=TODAY(), by=hr_user
        )


def test_a_policy_not_needing_acknowledgement_asks_nobody(hr_user):
    policy = PolicyFactory(requires_acknowledgement=False)
    services.policy_publish_version(policy=policy, body="FYI", effective_date=TODAY(), by=hr_user)
    assert not PlanItem.objects.filter(policy=policy).exists()


# --- Recertification ----------------------------------------------------------------------


def _completed(employee, module, *, expires_in_days: int):
    return TrainingCompletionFactory(
        employee=employee,
        module=module,
        completed_at=timezone.now() - datetime.timedelta(days=300),
        expires_on=TODAY() + datetime.timedelta(days=expires_in_days),
    )


def test_recertification_items_appear_ahead_of_expiry():
    module = TrainingModuleFactory(validity_months=12)
    soon, later, expired, gone = (EmployeeFactory() for _ in range(4))
    gone.status = Employee.Status.LEFT
    gone.save()
    _completed(soon, module, expires_in_days=29)
    _completed(later, module, expires_in_days=31)
    _completed(expired, module, expires_in_days=-3)
    _completed(gone, module, expires_in_days=5)

    assert services.recertification_items_create() == 2

    items = PlanItem.objects.filter(origin=PlanItem.Origin.RECERTIFICATION)
    assert set(items.values_list("plan__employee", flat=True)) == {soon.pk, expired.pk}
    item = items.get(plan__employee=soon)
    assert item.training == module
    # Due the last working day before the certificate lapses.
    expires_on = TODAY() + datetime.timedelta(days=29)
    assert item.due_date == WorkingCalendar.company().on_or_before(expires_on)
    # Running again adds nothing; a day later the 31-day one is inside the window.
    assert services.recertification_items_create() == 0
    assert services.recertification_items_create(today=TODAY() + datetime.timedelta(days=1)) == 1


def test_retaking_the_training_stops_recertification():
    module = TrainingModuleFactory(validity_months=12)
    employee = EmployeeFactory()
    _completed(employee, module, expires_in_days=10)
    TrainingCompletionFactory(employee=employee, module=module)  # retaken today
    assert services.recertification_items_create() == 0
    assert module.completions.count() == 2


def test_accepting_a_new_policy_does_not_complete_an_existing_employees_onboarding(
    hr_user, mailoutbox, django_capture_on_commit_callbacks
):
    staff = EmployeeFactory(manager=hr_user.employee)
    policy = PolicyFactory()
    services.policy_publish_version(policy=policy, body="v1", effective_date=TODAY(), by=hr_user)
    item = PlanItem.objects.get(plan__employee=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_complete(item=item, by=staff.user, accept_version=1)
    item.plan.refresh_from_db()
    assert item.plan.completed_at is None
    assert mailoutbox == []


def test_only_pre_start_employees_are_activated():
    from backoffice.people.services import employee_activate

    gone = EmployeeFactory(status=Employee.Status.LEFT)
    with pytest.raises(ValueError, match="cannot be activated"):
        employee_activate(employee=gone)
    gone.refresh_from_db()
    assert gone.status == Employee.Status.LEFT
    active = EmployeeFactory(status=Employee.Status.ACTIVE)
    assert employee_activate(employee=active).status == Employee.Status.ACTIVE
