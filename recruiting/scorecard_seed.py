"""The scorecard templates seeded for each back-office role family (used by a migration)."""

from __future__ import annotations

# name, guidance, questions, anchors 1-4, weight, required, is_data_entry
SKILLS = [
    (
        "Data-entry accuracy",
        "Speed with accuracy: does the candidate key records without errors and check their work?",
        "Tell me how you check your own entries.\nWhat do you do when a source document is "
        "unclear?",
        (
            "Many errors; does not check work.",
            "Some errors; checks only when reminded.",
            "Few errors; checks work routinely.",
            "Near-perfect; has a clear checking method and catches others' errors.",
        ),
        3,
        True,
        True,
    ),
    (
        "Record keeping",
        "Keeps files complete, findable and within retention rules.",
        "How have you organised records so others could find them?\nTell me about a record you "
        "had to correct.",
        (
            "No system; records get lost.",
            "Keeps records but inconsistently.",
            "Consistent system others can follow.",
            "Designed or improved a record system; knows retention rules.",
        ),
        2,
        False,
        False,
    ),
    (
        "Spreadsheets and office software",
        "Spreadsheets (sorting, filters, lookups), word processing and email.",
        "Which spreadsheet functions do you use every week?\nWalk me through cleaning up a "
        "messy list.",
        (
            "Basic typing only.",
            "Simple sheets and formatting.",
            "Filters, lookups, pivot tables.",
            "Automates repetitive work; teaches others.",
        ),
        2,
        False,
        False,
    ),
]
CULTURE = [
    (
        "Communication",
        "Clear, polite and to the point, in writing and speaking.",
        "Explain a process you know to someone new.\nTell me about a difficult email you wrote.",
        (
            "Unclear or unfriendly.",
            "Understandable but needs prompting.",
            "Clear and friendly; checks understanding.",
            "Adapts to the audience; makes complex things simple.",
        ),
        2,
        True,
        False,
    ),
    (
        "Problem solving",
        "Notices problems, finds causes and fixes them or raises them.",
        "Tell me about a mistake you found in data and what you did.",
        (
            "Waits to be told.",
            "Fixes symptoms.",
            "Finds causes and fixes them.",
            "Prevents the problem from coming back.",
        ),
        1,
        False,
        False,
    ),
    (
        "Teamwork",
        "Helps colleagues, shares information, takes handovers seriously.",
        "Tell me about a time you helped a colleague meet a deadline.",
        (
            "Works alone; withholds information.",
            "Cooperates when asked.",
            "Helps and shares unprompted.",
            "Lifts the whole team.",
        ),
        1,
        False,
        False,
    ),
    (
        "Adaptability",
        "Copes with new systems, changing priorities and busy periods.",
        "Tell me about learning a new system quickly.",
        (
            "Resists change.",
            "Adapts slowly.",
            "Adapts readily.",
            "Welcomes change and helps others through it.",
        ),
        1,
        False,
        False,
    ),
    (
        "Alignment with company values",
        "Reliability, honesty about mistakes, care for customers and colleagues.",
        "What does a good working day look like for you?",
        (
            "At odds with our values.",
            "Partly aligned.",
            "Aligned.",
            "Lives them; gives concrete examples.",
        ),
        1,
        False,
        False,
    ),
]
# Role family slug -> one role-specific skill criterion (name, guidance, question).
ROLE_SPECIFIC = {
    "bookkeeper": ("Bookkeeping", "Double entry, reconciliations, month-end.",
                   "How do you reconcile a bank account that does not balance?"),
    "accounts-payable-receivable-clerk": (
        "Invoice processing", "Three-way matching, payment runs, chasing debtors.",
        "What do you check before an invoice is paid?"),
    "payroll-clerk": ("Payroll processing", "Timesheets, deductions, deadlines, confidentiality.",
                      "How do you make sure payroll is right before it runs?"),
    "customer-service-representative": (
        "Customer service", "Patience, ownership, logging tickets accurately.",
        "Tell me about an angry customer you helped."),
    "receptionist": ("Front desk", "Visitors, calls and post handled calmly and securely.",
                     "Three calls ring while a visitor waits: what do you do?"),
    "administrative-assistant": ("Office administration", "Calendars, correspondence, documents.",
                                 "How do you keep track of a manager's many requests?"),
    "office-manager": ("Office management", "Suppliers, facilities, budgets, staff admin.",
                       "How have you cut an office cost without hurting service?"),
    "hr-coordinator": ("HR administration", "Staff records, hiring admin, confidentiality.",
                       "How do you handle a request for personal data?"),
    "data-entry-clerk": ("Keyboarding speed", "Sustained keystrokes with accuracy, 10-key.",
                         "What is your typing speed, and how do you keep it up all day?"),
}  # fmt: skip
ROLE_ANCHORS = (
    "No relevant experience.",
    "Some exposure; needs supervision.",
    "Does it independently.",
    "Expert; improves how it is done.",
)


def templates_seed(ScorecardTemplate, ScorecardCriterion, RoleFamily) -> int:
    """One template per role family plus a default; leaves existing templates alone."""
    created = 0
    targets = [(None, "Back-office default")] + [
        (family, f"{family.name} scorecard") for family in RoleFamily.objects.all()
    ]
    for family, name in targets:
        template, made = ScorecardTemplate.objects.get_or_create(
            name=name, defaults={"role_family": family}
        )
        if not made:
            continue
        created += 1
        rows = [(ScorecardCriterion_SKILLS, *row) for row in SKILLS]
        specific = ROLE_SPECIFIC.get(family.slug) if family else None
        if specific:
            rows.append(
                (ScorecardCriterion_SKILLS, specific[0], specific[1], specific[2], ROLE_ANCHORS,
                 2, False, False)
            )  # fmt: skip
        rows += [(ScorecardCriterion_CULTURE, *row) for row in CULTURE]
        for position, row in enumerate(rows):
            section, title, guidance, questions, anchors, weight, required, data_entry = row
            ScorecardCriterion.objects.create(
                template=template,
                section=section,
                name=title,
                guidance=guidance,
                questions=questions,
                anchor_1=anchors[0],
                anchor_2=anchors[1],
                anchor_3=anchors[2],
                anchor_4=anchors[3],
                weight=weight,
                required=required,
                is_data_entry=data_entry,
                position=position,
            )
    return created


ScorecardCriterion_SKILLS = "skills"
ScorecardCriterion_CULTURE = "culture"
