import pytest
from django.core.management import call_command

from recruiting.demo_history import PAST_TITLE
from recruiting.models import Application, Requisition, StageEvent

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_pipeline_once(mailoutbox):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mailoutbox == []  # demo candidates are not emailed
    counts = (Requisition.objects.count(), Application.objects.count(), StageEvent.objects.count())
    # The pipeline's six, and one filled requisition of earlier hires (issue 20's report).
    assert Requisition.objects.exclude(title=PAST_TITLE).count() == 6
    assert Application.objects.filter(requisition__title=PAST_TITLE, stage="hired").count() == 64
    assert 140 <= Application.objects.exclude(requisition__title=PAST_TITLE).count() <= 160
    stages = set(Application.objects.values_list("stage", flat=True))
    assert {"applied", "screening", "interview", "offer", "rejected"} <= stages
    assert set(Requisition.objects.values_list("status", flat=True)) >= {
        "open",
        "pending_approval",
        "on_hold",
    }
    from backoffice.core.uploads import document_kind

    for application in Application.objects.all()[:6]:
        with application.resume.open("rb") as handle:
            assert document_kind(handle.read()) in {"pdf", "txt"}
    kinds = {app.resume_content_type for app in Application.objects.all()[:10]}
    assert kinds == {"application/pdf", "text/plain"}
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Requisition.objects.count(),
        Application.objects.count(),
        StageEvent.objects.count(),
    ) == counts
