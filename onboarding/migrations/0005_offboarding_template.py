"""A starting offboarding checklist for everyone; HR edits it in the admin."""

from django.db import migrations

ITEMS = [
    # order, title, owner, days from the last day, description
    (10, "Hand over your work", "manager", -10, "Agree with the leaver who takes over what."),
    (20, "Knowledge handover notes", "new_hire", -5, "Write down what your successor needs."),
    (30, "Final pay and holiday balance", "hr", -3, "Work out final pay and untaken leave."),
    (40, "Return equipment", "new_hire", -1, "Laptop, badge, keys and anything else of ours."),
    (50, "Revoke accounts and access", "it", 0, "Email, systems, building access."),
]


def create(apps, schema_editor):
    ChecklistTemplate = apps.get_model("onboarding", "ChecklistTemplate")
    TemplateItem = apps.get_model("onboarding", "TemplateItem")
    template, created = ChecklistTemplate.objects.get_or_create(
        name="Offboarding (everyone)", defaults={"purpose": "offboarding"}
    )
    if not created:
        return
    for order, title, owner, offset, description in ITEMS:
        TemplateItem.objects.create(
            template=template,
            order=order,
            kind="task",
            title=title,
            owner=owner,
            due_offset_days=offset,
            description=description,
        )


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0004_offboarding")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
