import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Django's own AlterField would drop and re-add the foreign key, checking every ledger row
# again under a lock; only the index has to go (the unique key starts with recipient_id).
INDEX = "notifications_reminderledger_recipient_id_68c87d27"


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_reminder_ledger_and_preferences"),
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
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    reverse_sql=f"CREATE INDEX {INDEX} ON notifications_reminderledger (recipient_id)",
                ),
            ],
        ),
    ]
