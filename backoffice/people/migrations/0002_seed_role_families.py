from django.db import migrations

ROLE_FAMILIES = [
    (
        "Administrative assistant",
        "administrative-assistant",
        "Calendars, correspondence, documents and office requests.",
    ),
    (
        "Data-entry clerk",
        "data-entry-clerk",
        "Keys records into systems quickly and accurately; checks and corrects data.",
    ),
    ("Receptionist", "receptionist", "Front desk, calls, visitors and post."),
    ("Office manager", "office-manager", "Runs the office: suppliers, facilities, admin staff."),
    ("Bookkeeper", "bookkeeper", "Keeps the ledgers, reconciliations and month-end records."),
    (
        "Accounts payable/receivable clerk",
        "accounts-payable-receivable-clerk",
        "Processes invoices and payments in and out; chases what is owed.",
    ),
    ("Payroll clerk", "payroll-clerk", "Prepares payroll, timesheets and deductions."),
    ("HR coordinator", "hr-coordinator", "Hiring admin, onboarding, staff records and policies."),
    (
        "Customer-service representative",
        "customer-service-representative",
        "Answers customers by phone, email and chat; logs and resolves tickets.",
    ),
]


def seed(apps, schema_editor):
    RoleFamily = apps.get_model("people", "RoleFamily")
    for name, slug, description in ROLE_FAMILIES:
        RoleFamily.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
