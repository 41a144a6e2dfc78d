"""Demo onboarding: four policies, software and procedure trainings, a checklist per role family,
and two new hires part-way through their plans. Idempotent."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.people.demo import DEMO_PASSWORD
from backoffice.people.models import Department, Employee, RoleFamily, User
from backoffice.people.roles import Role
from backoffice.people.services import employee_create, user_create
from onboarding import demo_content, services
from onboarding.models import (
    ChecklistTemplate,
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    Policy,
    QuizChoice,
    QuizQuestion,
    TemplateItem,
    TrainingCompletion,
    TrainingLink,
    TrainingModule,
)

POLICIES = {
    "Code of conduct": (
        "How we treat each other, customers and suppliers.",
        "## Our standards\n\n- Treat colleagues, customers and suppliers with respect.\n"
        "- Declare any conflict of interest to your manager.\n- Gifts above 50 EUR are "
        "declined or declared.\n\n## Raising concerns\n\nTalk to your manager or to HR. "
        "Concerns raised in good faith never count against you.",
    ),
    "Data protection and confidentiality": (
        "Personal data and company information: what you may do with it.",
        "## Personal data\n\nWe keep personal data only for a stated purpose and only as long "
        "as needed. Never send personal data to a private email address.\n\n## Confidential "
        "information\n\n- Lock your screen when you leave your desk.\n- Shred printed "
        "records.\n- Report a suspected breach to HR **within 24 hours**.",
    ),
    "IT acceptable use": (
        "Company laptops, accounts and passwords.",
        "## Accounts\n\nYour account is yours alone: never share your password. Use the "
        "password manager and turn on two-factor sign-in.\n\n## Devices\n\nInstall software "
        "only from the company portal. Report a lost laptop to IT at once.",
    ),
    "Record retention": (
        "How long we keep invoices, payroll and staff records.",
        "| Record | Keep for |\n|---|---|\n| Invoices and receipts | 7 years |\n"
        "| Payroll records | 6 years |\n| Staff files | 6 years after leaving |\n"
        "| Rejected candidates | 6 months |\n\nRecords past their date are destroyed "
        "securely, never thrown away whole.",
    ),
}

# title, category, minutes, validity months, pass mark, departments, role family slugs, content
TRAININGS = [
    ("Accounting system", "software", 90, 12, 80, ["Finance"], [],
     "Posting journals, matching invoices to purchase orders and month-end close."),
    ("CRM", "software", 45, 12, None, ["Customer Service"], ["receptionist"],
     "Finding a customer, logging a call and following up a case."),
    ("Spreadsheets", "software", 60, 24, 70, [], [],
     "Tables, filters, lookups and pivot tables for everyday reporting."),
    ("Ticketing", "software", 30, 12, None, ["Customer Service", "Administration"], [],
     "Opening, assigning and closing tickets; service levels."),
    ("Phone etiquette", "skill", 20, None, None, [], ["receptionist",
     "customer-service-representative"], "Greeting, holding, transferring and taking messages."),
    ("Data protection essentials", "procedure", 30, 12, 80, [], [],
     "Spotting personal data, handling requests and reporting a breach."),
    ("Data-entry standards", "procedure", 25, None, 100, [], ["data-entry-clerk"],
     "Searching before creating, the formats we use, and notes a colleague can act on."),
]  # fmt: skip

# Trainings whose lessons are written out in demo_content (the others keep a short outline).
LESSONS = {
    "Accounting system": demo_content.ACCOUNTING_SYSTEM,
    "Data-entry standards": demo_content.DATA_ENTRY_STANDARDS,
    "Spreadsheets": demo_content.SPREADSHEETS,
    "Data protection essentials": demo_content.DATA_PROTECTION,
}
LINKS = {
    "Accounting system": [
        ("Supplier invoice procedure (intranet)", "https://intranet.example.com/finance/invoices"),
        ("VAT codes explained", "https://intranet.example.com/finance/vat-codes"),
    ],
    "Data-entry standards": [
        ("Address formats by country", "https://intranet.example.com/data/address-formats"),
    ],
    "Data protection essentials": [
        ("Information Commissioner's guide", "https://ico.org.uk/for-organisations/"),
    ],
}
VIDEOS = {"Accounting system": "https://intranet.example.com/videos/three-way-match"}

QUIZZES = {
    "Accounting system": [
        ("An invoice does not match its purchase order. What do you do?",
         ["Put it on hold and query it", "Pay it anyway", "Delete it"]),
        ("When is month-end close?",
         ["The first five working days of the month", "Whenever there is time", "Once a year"]),
    ],
    "Spreadsheets": [
        ("Which function finds a value in another table?", ["XLOOKUP", "SUM", "NOW"]),
    ],
    "Data protection essentials": [
        ("You suspect a data breach. Who do you tell, and when?",
         ["HR, within 24 hours", "Nobody", "Your friends"]),
        ("May you email customer data to your private address?", ["No", "Yes", "On Fridays"]),
    ],
    "Data-entry standards": [
        ("What do you do before creating a new customer record?",
         ["Search by two fields", "Create it, then search", "Ask the customer to check"]),
        ("How is a phone number entered?",
         ["+442079460000", "020 7946 0000", "(020) 7946-0000"]),
        ("You are unsure of a value. What do you do?",
         ["Park the record as incomplete and ask", "Guess the likeliest value",
          "Leave the field empty and save"]),
    ],
}  # fmt: skip

# Everyone's checklist: (kind, title, owner, offset, policy/training title, depends on title)
COMMON_ITEMS = [
    ("task", "Countersign the employment contract", ItemOwner.HR, -10, None, None),
    ("upload", "Upload your signed contract", ItemOwner.NEW_HIRE, -5, None, None),
    ("upload", "Upload your bank details form", ItemOwner.NEW_HIRE, -3, None, None),
    ("policy", "Read and accept: Code of conduct", ItemOwner.NEW_HIRE, -2, "Code of conduct", None),
    ("task", "Create accounts and prepare the laptop", ItemOwner.IT, -2, None, None),
    ("policy", "Read and accept: IT acceptable use", ItemOwner.NEW_HIRE, 0, "IT acceptable use",
     "Create accounts and prepare the laptop"),
    ("policy", "Read and accept: Data protection and confidentiality", ItemOwner.NEW_HIRE, 1,
     "Data protection and confidentiality", None),
    ("task", "Set up your email signature and voicemail", ItemOwner.NEW_HIRE, 1, None,
     "Create accounts and prepare the laptop"),
    ("task", "First-week meeting: goals and ways of working", ItemOwner.MANAGER, 3, None, None),
    ("training", "Training: Data protection essentials", ItemOwner.NEW_HIRE, 5,
     "Data protection essentials", None),
    ("training", "Training: Spreadsheets", ItemOwner.NEW_HIRE, 10, "Spreadsheets", None),
    ("task", "30-day check-in", ItemOwner.MANAGER, 30, None, None),
]  # fmt: skip

# Per role family: extra trainings and policies.
FAMILY_ITEMS = {
    "administrative-assistant": [("training", "Ticketing"), ("policy", "Record retention")],
    "data-entry-clerk": [("policy", "Record retention"), ("training", "Data-entry standards")],
    "receptionist": [("training", "Phone etiquette"), ("training", "CRM")],
    "office-manager": [("training", "Ticketing"), ("policy", "Record retention")],
    "bookkeeper": [("training", "Accounting system"), ("policy", "Record retention")],
    "accounts-payable-receivable-clerk": [
        ("training", "Accounting system"),
        ("policy", "Record retention"),
    ],
    "payroll-clerk": [("training", "Accounting system"), ("policy", "Record retention")],
    "hr-coordinator": [("policy", "Record retention")],
    "customer-service-representative": [
        ("training", "CRM"),
        ("training", "Ticketing"),
        ("training", "Phone etiquette"),
    ],
}

SECOND_NEW_HIRE = ("newhire2@example.com", "Leah", "Fischer", "Receptionist", "Administration",
                   "receptionist", "manager2@example.com", -6)  # fmt: skip


def _policies() -> dict[str, Policy]:
    return {
        title: Policy.objects.get_or_create(title=title, defaults={"summary": summary})[0]
        for title, (summary, _) in POLICIES.items()
    }


def _publish(policies: dict[str, Policy], hr: User | None, today: datetime.date) -> None:
    """Version 1 of each policy; everyone without it in their plan is asked to accept it."""
    for title, policy in policies.items():
        if policy.current_version_id is None:
            services.policy_publish_version(
                policy=policy, body=POLICIES[title][1], by=hr,
                effective_date=today - datetime.timedelta(days=400),
            )  # fmt: skip
            policy.refresh_from_db()


def _trainings() -> dict[str, TrainingModule]:
    modules = {}
    for title, category, minutes, months, mark, departments, families, content in TRAININGS:
        module, created = TrainingModule.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "estimated_minutes": minutes,
                "validity_months": months,
                "pass_mark_percent": mark,
                "summary": content,
                "content": LESSONS.get(title)
                or f"## What you will learn\n\n{content}\n\n## Before the quiz\n\n"
                "Work through the exercises in the training environment.",
                "video_url": VIDEOS.get(title, ""),
                "for_everyone": not (departments or families),
            },
        )
        if created:
            module.departments.set(Department.objects.filter(name__in=departments))
            module.role_families.set(RoleFamily.objects.filter(slug__in=families))
            for order, (text, choices) in enumerate(QUIZZES.get(title, [])):
                question = QuizQuestion.objects.create(module=module, order=order, text=text)
                # The right answer (listed first above) moves around, as in a real quiz.
                shift = (order + 1) % len(choices)
                for choice in choices[shift:] + choices[:shift]:
                    QuizChoice.objects.create(
                        question=question, text=choice, is_correct=choice == choices[0]
                    )
            for order, (link_title, url) in enumerate(LINKS.get(title, [])):
                TrainingLink.objects.create(module=module, title=link_title, url=url, order=order)
            _attach_files(module)
        modules[title] = module
    return modules


def _attach_files(module: TrainingModule) -> None:
    if module.title == "Accounting system":
        services.training_attachment_add(
            module=module,
            title="Diagram: the three-way match",
            upload=ContentFile(demo_content.three_way_match_png(), name="three-way-match.png"),
        )
        handout = demo_content.handout_pdf(
            "Invoice checklist",
            ["1. PO number on the invoice?", "2. Goods received note recorded?",
             "3. Price within 2% of the PO?", "4. Invoice PDF attached before posting?"],
        )  # fmt: skip
        services.training_attachment_add(
            module=module,
            title="Handout: invoice checklist (PDF)",
            upload=ContentFile(handout, name="invoice-checklist.pdf"),
            order=1,
        )
    elif module.title == "Data-entry standards":
        handout = demo_content.handout_pdf(
            "Data-entry formats",
            ["Dates: 03/02/2026", "Phone: +442079460000", "Postcodes: SW1A 1AA",
             "Amounts: 1250.00", "Search by two fields before creating a record."],
        )  # fmt: skip
        services.training_attachment_add(
            module=module,
            title="Handout: the formats on one page (PDF)",
            upload=ContentFile(handout, name="data-entry-formats.pdf"),
        )


def _templates(policies, modules) -> None:
    common, created = ChecklistTemplate.objects.get_or_create(name="Everyone: first weeks")
    if created:
        by_title = {}
        for order, (kind, title, owner, offset, subject, depends) in enumerate(COMMON_ITEMS):
            by_title[title] = TemplateItem.objects.create(
                template=common, order=order, kind=kind, title=title, owner=owner,
                due_offset_days=offset,
                policy=policies.get(subject) if kind == ItemKind.POLICY else None,
                training=modules.get(subject) if kind == ItemKind.TRAINING else None,
                depends_on=by_title.get(depends),
            )  # fmt: skip
    for family in RoleFamily.objects.all():
        template, created = ChecklistTemplate.objects.get_or_create(
            name=f"{family.name}: role essentials", defaults={"role_family": family}
        )
        if not created:
            continue
        for order, (kind, subject) in enumerate(FAMILY_ITEMS.get(family.slug, []), start=20):
            TemplateItem.objects.create(
                template=template, order=order, kind=kind,
                title=f"{'Read and accept' if kind == 'policy' else 'Training'}: {subject}",
                owner=ItemOwner.NEW_HIRE, due_offset_days=order - 12,
                policy=policies[subject] if kind == ItemKind.POLICY else None,
                training=modules[subject] if kind == ItemKind.TRAINING else None,
            )  # fmt: skip


def _staff_history(modules, today: datetime.date) -> None:
    """Existing staff accepted the policies long ago and hold trainings of various ages."""
    history = [
        ("employee@example.com", "Spreadsheets", 700),  # expires within a month
        ("employee@example.com", "Data protection essentials", 200),
        ("employee2@example.com", "Accounting system", 390),  # expired
        ("employee2@example.com", "Spreadsheets", 100),
        ("employee3@example.com", "Phone etiquette", 150),
        ("employee3@example.com", "CRM", 340),  # due soon
        ("interviewer@example.com", "Accounting system", 120),
        ("interviewer2@example.com", "CRM", 60),
        ("interviewer2@example.com", "Ticketing", 380),  # expired
    ]
    for email, title, days_ago in history:
        employee = Employee.objects.filter(user__email=email).first()
        module = modules[title]
        if employee is None or module.completions.filter(employee=employee).exists():
            continue
        completed = timezone.now() - datetime.timedelta(days=days_ago)
        TrainingCompletion.objects.create(
            employee=employee, module=module, completed_at=completed,
            expires_on=module.expiry_for(completed.date()),
        )  # fmt: skip
    # Staff already at work accepted the current versions: tick their policy items as them.
    for item in (
        PlanItem.objects.open()
        .filter(
            kind=ItemKind.POLICY, plan__employee__start_date__lt=today - datetime.timedelta(days=60)
        )
        .select_related("plan__employee__user")
    ):
        user = item.plan.employee.user
        services.item_complete(
            item=item, by=user, accept_version=item.policy.current_version.number
        )


def _second_new_hire(today: datetime.date) -> Employee:
    email, first, last, title, department, family, manager, offset = SECOND_NEW_HIRE
    employee = Employee.objects.filter(user__email=email).first()
    if employee:
        return employee
    user = user_create(email=email, first_name=first, last_name=last, password=DEMO_PASSWORD)
    return employee_create(
        user=user, job_title=title, start_date=today + datetime.timedelta(days=offset),
        department=Department.objects.get(name=department),
        role_family=RoleFamily.objects.get(slug=family),
        manager=Employee.objects.get(user__email=manager), status=Employee.Status.ACTIVE,
    )  # fmt: skip


def _work_through(plan: OnboardingPlan, titles: list[str], by_hr: User | None) -> None:
    """Complete the named open items as their owners would."""
    employee = plan.employee
    it_member = User.objects.filter(groups__name=Role.IT, is_active=True).first()
    for item in plan.items.open().filter(title__in=titles).select_related("policy", "training"):
        if item.owner == ItemOwner.NEW_HIRE:
            by = employee.user
        elif item.owner == ItemOwner.MANAGER:
            by = employee.manager.user
        elif item.owner == ItemOwner.IT and it_member is not None:
            by = it_member
        elif item.owner == ItemOwner.IT:
            services.item_mark_done(item=item, by=by_hr, reason="Done before IT had accounts here")
            continue
        else:
            by = by_hr
        kwargs = {}
        if item.kind == ItemKind.POLICY:
            kwargs["accept_version"] = item.policy.current_version.number
        elif item.kind == ItemKind.TRAINING and item.training.has_quiz:
            answers = {
                question.pk: question.choices.filter(is_correct=True).first().pk
                for question in item.training.questions.all()
            }
            services.quiz_submit(item=item, by=by, answers=answers)
            continue
        elif item.kind == ItemKind.UPLOAD:
            kwargs["upload"] = ContentFile(b"Signed by the new hire.\n", name="signed.txt")
        services.item_complete(item=item, by=by, **kwargs)


@demo_step(name="onboarding", order=30)
@transaction.atomic
def seed_onboarding() -> str:
    today = timezone.localdate()
    hr = User.objects.filter(email="hr@example.com").first()
    policies = _policies()
    modules = _trainings()
    _templates(policies, modules)
    new_hire = Employee.objects.filter(user__email="newhire@example.com").first()
    second = _second_new_hire(today)
    plans = [
        services.plan_create_for_employee(employee=employee, by=hr)
        for employee in (new_hire, second)
        if employee is not None
    ]
    _publish(policies, hr, today)
    _staff_history(modules, today)
    if new_hire:
        plan = plans[0]
        _work_through(
            plan,
            ["Countersign the employment contract", "Upload your signed contract",
             "Read and accept: Code of conduct"],
            hr,
        )  # fmt: skip
    _work_through(
        plans[-1],
        ["Countersign the employment contract", "Upload your signed contract",
         "Upload your bank details form", "Read and accept: Code of conduct",
         "Create accounts and prepare the laptop", "Read and accept: IT acceptable use"],
        hr,
    )  # fmt: skip
    recertifications = services.recertification_items_create(today=today)
    return (
        f"{len(policies)} policies, {len(modules)} trainings, "
        f"{ChecklistTemplate.objects.count()} templates, {len(plans)} new hires' plans, "
        f"{recertifications} recertification item(s) added"
    )
