"""Fewer indexes on the ledger: each one is written for every row a sweep inserts and for
every row a digest marks sent, 240,000 of each in a big first sweep."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Only the foreign keys' own indexes go: recipient_id leads the unique key, and employee_id
# gets a partial index (only escalated copies name an employee). Django's own AlterField would
# also drop and re-add each foreign key, checking every ledger row again under a lock.
RECIPIENT_INDEX = "notifications_reminderledger_recipient_id_68c87d27"
EMPLOYEE_INDEX = "notifications_reminderledger_employee_id_5e9e7525"


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_reminder_ledger_and_preferences"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reminderledger",
                    name="recipient",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="reminderledger",
                    name="employee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="people.employee",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {index}",
                    reverse_sql=(
                        f"CREATE INDEX {index} ON notifications_reminderledger ({column})"
                    ),
                )
                for index, column in (
                    (RECIPIENT_INDEX, "recipient_id"),
                    (EMPLOYEE_INDEX, "employee_id"),
                )
            ],
        ),
        migrations.AddIndex(
            model_name="reminderledger",
            index=models.Index(
                condition=models.Q(("employee__isnull", False)),
                fields=["employee"],
                name="notifications_reminder_whose",
            ),
        ),
        migrations.RemoveIndex(
            model_name="reminderledger",
            name="notificatio_status_ac88b7_idx",
        ),
        migrations.AddIndex(
            model_name="reminderledger",
            index=models.Index(
                condition=models.Q(("status", "failed")),
                fields=["created_at"],
                name="notifications_reminder_failed",
            ),
        ),
    ]
