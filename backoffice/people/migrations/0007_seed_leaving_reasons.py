from django.db import migrations

REASONS = [
    ("Better pay or benefits elsewhere", True),
    ("Career move or promotion elsewhere", True),
    ("Relocation", True),
    ("Personal or family reasons", True),
    ("Did not fit the team or the work", True),
    ("Manager relationship", True),
    ("Performance", False),
    ("Conduct", False),
    ("Redundancy or restructuring", False),
    ("End of a fixed-term contract", False),
    ("Retirement", True),
]


def seed(apps, schema_editor):
    LeavingReason = apps.get_model("people", "LeavingReason")
    for order, (name, voluntary) in enumerate(REASONS):
        LeavingReason.objects.get_or_create(
            name=name, defaults={"is_voluntary": voluntary, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0006_leavers")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
