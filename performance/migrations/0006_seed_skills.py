"""The skills of the back-office role families, with four levels in words and the level each
role expects. HR edits them in the admin afterwards; this only seeds what is missing."""

from django.db import migrations

# slug, name, description, level 1 to 4 in words
SKILLS = [
    (
        "data-entry",
        "Data entry speed and accuracy",
        "Keying records quickly without errors.",
        "Keys records with help; checks each one twice; speed below the team's.",
        "Keys routine records at the expected speed with few errors.",
        "Fast and accurate on every kind of record; spots bad source data.",
        "Sets the team's standard; designs checks and shortcuts others use.",
    ),
    (
        "record-keeping",
        "Record keeping",
        "Filing, naming and keeping records complete and findable.",
        "Files what they are told where they are told.",
        "Keeps their own records complete and findable.",
        "Keeps shared records in order and fixes gaps they find.",
        "Designs the filing rules and retention the team follows.",
    ),
    (
        "spreadsheets",
        "Spreadsheets",
        "Working with data in a spreadsheet.",
        "Enters and sorts data; simple sums.",
        "Uses formulas, filters and lookups with confidence.",
        "Builds pivot tables and reports others rely on.",
        "Builds robust workbooks with checks; teaches others.",
    ),
    (
        "accounting-software",
        "Accounting software",
        "Using the ledger and payments system.",
        "Finds and reads records; posts with guidance.",
        "Posts invoices, payments and journals on their own.",
        "Handles reconciliations, corrections and month-end steps.",
        "Configures the system and solves what others cannot.",
    ),
    (
        "communication",
        "Communication",
        "Clear, timely, courteous communication in writing and in person.",
        "Answers when asked; messages sometimes need follow-up.",
        "Clear and courteous; keeps people informed.",
        "Handles difficult conversations and writes for any audience.",
        "Shapes how the team communicates; coaches others.",
    ),
    (
        "problem-solving",
        "Problem solving",
        "Finding the cause of a problem and fixing it.",
        "Reports problems and follows the fix they are given.",
        "Solves routine problems on their own.",
        "Finds root causes and prevents repeats.",
        "Solves new, messy problems and improves the process.",
    ),
    (
        "teamwork",
        "Teamwork",
        "Working with colleagues towards shared goals.",
        "Does their part when asked.",
        "Helps colleagues and shares the load.",
        "Brings people together and smooths handovers.",
        "Builds a team others want to join.",
    ),
    (
        "adaptability",
        "Adaptability",
        "Coping with change in tools, priorities and workload.",
        "Needs time and help to adjust to change.",
        "Adjusts to new tools and priorities without fuss.",
        "Welcomes change and helps others through it.",
        "Leads change and makes it stick.",
    ),
    (
        "customer-service",
        "Customer service",
        "Helping customers and visitors well.",
        "Follows the scripts and escalates most cases.",
        "Resolves common requests on first contact.",
        "Resolves complex cases and calms upset customers.",
        "Improves the service from what customers say.",
    ),
]
COMMON = {"communication": 2, "problem-solving": 2, "teamwork": 2, "adaptability": 2}
EXPECTED = {
    "data-entry-clerk": {
        **COMMON,
        "data-entry": 3,
        "record-keeping": 3,
        "spreadsheets": 2,
    },
    "accounts-payable-receivable-clerk": {
        **COMMON,
        "accounting-software": 3,
        "spreadsheets": 3,
        "data-entry": 2,
        "record-keeping": 3,
    },
    "bookkeeper": {
        **COMMON,
        "accounting-software": 3,
        "spreadsheets": 3,
        "record-keeping": 3,
        "problem-solving": 3,
    },
    "payroll-clerk": {
        **COMMON,
        "accounting-software": 3,
        "spreadsheets": 3,
        "record-keeping": 3,
        "data-entry": 2,
    },
    "receptionist": {**COMMON, "communication": 3, "customer-service": 3, "record-keeping": 2},
    "administrative-assistant": {
        **COMMON,
        "communication": 3,
        "spreadsheets": 2,
        "record-keeping": 3,
    },
    "customer-service-representative": {
        **COMMON,
        "customer-service": 3,
        "communication": 3,
        "data-entry": 2,
    },
    "office-manager": {
        "communication": 3,
        "problem-solving": 3,
        "teamwork": 3,
        "adaptability": 3,
        "spreadsheets": 2,
        "record-keeping": 3,
    },
    "hr-coordinator": {**COMMON, "communication": 3, "record-keeping": 3, "spreadsheets": 2},
}


def seed(apps, schema_editor):
    Skill = apps.get_model("performance", "Skill")
    RoleSkill = apps.get_model("performance", "RoleSkill")
    RoleFamily = apps.get_model("people", "RoleFamily")
    skills = {}
    for slug, name, description, one, two, three, four in SKILLS:
        skills[slug], _ = Skill.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "level_1": one,
                "level_2": two,
                "level_3": three,
                "level_4": four,
            },
        )
    for family in RoleFamily.objects.filter(slug__in=EXPECTED):
        for slug, level in EXPECTED[family.slug].items():
            RoleSkill.objects.get_or_create(
                role_family=family, skill=skills[slug], defaults={"expected_level": level}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0005_skills"),
        ("people", "0002_seed_role_families"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
