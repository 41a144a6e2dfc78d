"""Every recruiting and careers URL, requested as each role: who gets what, and nothing changes
for those who may not act."""

import pytest
from django.urls import get_resolver, reverse

from recruiting.models import (
    Application,
    ApplicationAttachment,
    ApplicationInterviewer,
    ApplicationNote,
    Requisition,
    RequisitionEvent,
    StageEvent,
    Tag,
)
from recruiting.services import retention
from tests.factories.recruiting import ApplicationInterviewerFactory

ROLES = ["hr", "manager", "other_manager", "interviewer", "employee", "anonymous"]

# name: (method, object the pk names, expected status per role in ROLES order)
MATRIX = {
    "recruiting:landing": ("get", None, [200, 200, 200, 200, 403, 302]),
    "recruiting:candidate_list": ("get", None, [200, 200, 200, 200, 403, 302]),
    "recruiting:candidate_export": ("get", None, [200, 200, 200, 200, 403, 302]),
    "recruiting:candidate_bulk": ("post", None, [302, 302, 302, 302, 403, 302]),
    # Candidates from elsewhere (issue 23): HR only; an empty post is a 422 form error.
    "recruiting:candidate_import": ("post", None, [422, 403, 403, 403, 403, 302]),
    "recruiting:candidate_import_example": ("get", None, [200, 403, 403, 403, 403, 302]),
    "recruiting:candidate_import_report": ("get", None, [200, 403, 403, 403, 403, 302]),
    "recruiting:requisition_create": ("get", None, [200, 200, 200, 403, 403, 302]),
    # The fixture's requisition is open: only HR edits it now.
    "recruiting:requisition_edit": ("get", "requisition", [200, 403, 404, 403, 403, 302]),
    "recruiting:requisition_board": ("get", "requisition", [200, 200, 404, 403, 403, 302]),
    "recruiting:requisition_report": ("get", "requisition", [200, 200, 404, 403, 403, 302]),
    "recruiting:requisition_transition": ("post", "requisition", [302, 302, 404, 403, 403, 302]),
    "recruiting:application_detail": ("get", "application", [200, 200, 404, 200, 403, 302]),
    "recruiting:application_resume": ("get", "application", [200, 200, 404, 200, 403, 302]),
    "recruiting:application_move": ("post", "application", [302, 302, 404, 403, 403, 302]),
    "recruiting:application_reject": ("post", "application", [400, 400, 404, 403, 403, 302]),
    "recruiting:rejection_email_cancel": ("post", "application", [302, 302, 404, 403, 403, 302]),
    "recruiting:application_note_add": ("post", "application", [400, 400, 404, 400, 403, 302]),
    "recruiting:application_attachment_add": (
        "post",
        "application",
        [400, 400, 404, 403, 403, 302],
    ),
    "recruiting:application_interviewer_assign": (
        "post",
        "application",
        [400, 400, 404, 403, 403, 302],
    ),
    "recruiting:application_details_merge": (
        "post",
        "application",
        [302, 302, 404, 403, 403, 302],
    ),
    "recruiting:attachment_download": ("get", "attachment", [200, 200, 404, 200, 403, 302]),
    "careers:list": ("get", None, [200] * 6),
    "careers:feed_rss": ("get", None, [200] * 6),
    "careers:feed_xml": ("get", None, [200] * 6),
    "careers:detail": ("get", "requisition", [200] * 6),
    "careers:applied": ("get", "requisition", [200] * 6),
    # The signed link is the credential: whoever holds it sees the confirmation step (GET
    # changes nothing). Forged tokens are refused in tests/security/test_permission_matrix.py.
    "careers:withdraw": ("get", "withdraw_token", [200] * 6),
}


def _url_names(namespace: str) -> set[str]:
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == namespace:
            return {f"{namespace}:{pattern.name}" for pattern in entry.url_patterns}
    raise AssertionError(f"no {namespace} namespace")


def test_the_matrix_covers_every_recruiting_and_careers_url():
    # Structured hiring's URLs have their own matrix (test_permissions_interviews_offers.py); the
    # candidate's public test page is covered by its own view tests.
    from tests.recruiting.test_permissions_interviews_offers import CASES

    structured = {f"recruiting:{name}" for name, *_ in CASES} | {"recruiting:skills_test_take"}
    # The candidate's own signed links: tests/recruiting/test_views_candidate_portal.py.
    structured |= {
        "careers:status",
        "careers:status_interview_ics",
        "careers:offer",
        "careers:offer_pdf",
    }
    assert _url_names("recruiting") | _url_names("careers") == set(MATRIX) | structured


def _snapshot():
    return (
        list(Application.objects.values_list("pk", "stage", "rejection_email_due_at")),
        list(Requisition.objects.values_list("pk", "status")),
        StageEvent.objects.count(),
        RequisitionEvent.objects.count(),
        ApplicationNote.objects.count(),
        ApplicationAttachment.objects.count(),
        Tag.objects.count(),
        ApplicationInterviewer.objects.count(),
    )


@pytest.fixture
def world(
    request, requisition, application, hr_user, hiring_manager, other_hiring_manager,
    interviewer, employee_user,
):  # fmt: skip
    from django.core.files.base import ContentFile

    from tests.factories.recruiting import pdf_bytes

    ApplicationInterviewerFactory(application=application, user=interviewer)
    attachment = ApplicationAttachment(
        application=application, filename="ref.pdf", content_type="application/pdf"
    )
    attachment.file.save("x", ContentFile(pdf_bytes()), save=True)
    return {
        "objects": {
            "requisition": requisition,
            "application": application,
            "attachment": attachment,
            "withdraw_token": retention.withdraw_token(application),
        },
        "users": {
            "hr": hr_user,
            "manager": hiring_manager,
            "other_manager": other_hiring_manager,
            "interviewer": interviewer,
            "employee": employee_user,
            "anonymous": None,
        },
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_url_as_every_role(client, world, name, role):
    method, kind, expected = MATRIX[name]
    target = world["objects"][kind] if kind else None
    url = reverse(name, args=[getattr(target, "pk", target)] if kind else [])
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    before = _snapshot()
    response = getattr(client, method)(url)
    want = expected[ROLES.index(role)]
    assert response.status_code == want, f"{name} as {role}: {response.status_code}"
    if want == 302 and role == "anonymous" and not name.startswith("careers:"):
        assert response.headers["Location"].startswith("/accounts/login/")
    if method == "post":
        # Empty posts: refused, invalid or no-op for everyone; for outsiders nothing may change.
        assert _snapshot() == before, f"{name} as {role} changed data"
