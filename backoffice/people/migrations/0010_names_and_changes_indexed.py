"""Lists of people by name read in order (the training matrix, team metrics), and the
employees' newest change for the team metrics' cache fingerprint (issue 22 point 2)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("people", "0009_employee_newest"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["updated_at"], name="people_employee_changed"),
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                fields=["first_name", "last_name", "id"], name="people_user_by_name"
            ),
        ),
    ]
