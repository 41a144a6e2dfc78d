"""A board column's first cards read in order (issue 22 point 2): (requisition, stage, sort)
indexes for its two date sorts; the new one covers the (requisition, stage) index it replaces."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0010_application_search_document"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["requisition", "stage", "-applied_at", "-id"],
                name="recruiting_app_board_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["requisition", "stage", "stage_changed_at", "id"],
                name="recruiting_app_board_in_stage",
            ),
        ),
        migrations.RemoveIndex(
            model_name="application",
            name="recruiting__requisi_763d60_idx",
        ),
    ]
