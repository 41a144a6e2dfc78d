"""Trainings with real content: sanitised Markdown with images, files, links, a quiz after."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onboarding.demo_content import handout_pdf, three_way_match_png
from onboarding.models import ItemKind, QuizAttempt, TrainingLink
from onboarding.services.uploads import training_attachment_add, training_attachment_validate
from tests.factories.onboarding import PlanItemFactory, QuizQuestionFactory, TrainingModuleFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _pptx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


@pytest.fixture
def module():
    module = TrainingModuleFactory(
        title="Accounting system",
        content="## Matching\n\n![The three-way match](match.png)\n\n<script>alert(1)</script>"
        "Match the **PO**.",
        video_url="https://intranet.example.com/videos/match",
        estimated_minutes=40,
        pass_mark_percent=100,
    )
    training_attachment_add(
        module=module,
        title="Diagram",
        upload=SimpleUploadedFile("match.png", three_way_match_png()),
    )
    training_attachment_add(
        module=module,
        title="Checklist",
        upload=SimpleUploadedFile("checklist.pdf", handout_pdf("Checklist", ["One"])),
        order=1,
    )
    TrainingLink.objects.create(module=module, title="Procedure", url="https://example.com/p")
    return module


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("slides.pptx", _pptx(), "application/vnd.openxmlformats-officedocument.presentationml"
         ".presentation"),
        ("x.png", three_way_match_png(), "image/png"),
        ("x.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ],
)  # fmt: skip
def test_training_files_are_recognised_by_their_bytes(name, data, content_type):
    assert training_attachment_validate(SimpleUploadedFile(name, data)) == (name, content_type)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("diagram.png", b"<svg onload=alert(1)></svg>"),
        ("page.pdf", b"<html><script>alert(1)</script>"),
        ("<b>x</b>.pdf", b"%PDF-1.4\n"),
    ],
)
def test_anything_else_is_refused(name, data):
    with pytest.raises(ValidationError):
        training_attachment_validate(SimpleUploadedFile(name, data))


def test_the_page_shows_the_content_then_the_quiz(client_for, plan, module):
    QuizQuestionFactory(module=module, text="Which documents must agree?")
    item = PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module)
    html = client_for(plan.employee.user).get(reverse("onboarding:item", args=[item.pk]))
    html = html.content.decode()
    image = module.attachments.get(title="Diagram")
    assert f'<img alt="The three-way match" src="{image.url}"' in html
    assert "<script>alert" not in html
    assert "<strong>PO</strong>" in html
    assert "Watch the video" in html
    assert "Checklist" in html
    assert "Procedure" in html
    assert "about 40 minutes" in html
    assert html.index("Match the") < html.index("Which documents must agree?")


def test_files_are_served_to_those_with_the_training_only(client_for, plan, module, hr_user):
    PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module)
    handout = module.attachments.get(title="Checklist")
    url = reverse("onboarding:training_attachment", args=[handout.pk])
    for user in (plan.employee.user, hr_user):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Cache-Control"] == "private, no-store"
    assert client_for(EmployeeFactory().user).get(url).status_code == 404


def test_a_failed_quiz_is_recorded_and_retried(client_for, plan, module):
    first = QuizQuestionFactory(module=module, text="First?")
    second = QuizQuestionFactory(module=module, text="Second?")
    item = PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module)
    client = client_for(plan.employee.user)
    url = reverse("onboarding:item_complete", args=[item.pk])
    right = {q.pk: q.choices.get(is_correct=True).pk for q in (first, second)}
    wrong = {q.pk: q.choices.get(is_correct=False).pk for q in (first, second)}
    response = client.post(url, {f"question_{first.pk}": right[first.pk],
                                 f"question_{second.pk}": wrong[second.pk]})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "You scored 50%" in html
    assert "1 question marked below was not right" in html
    # Once at the wrong question and once in the form's error summary, which links to it.
    assert html.count("Not right: read that part") == 2
    attempt = QuizAttempt.objects.get()
    assert (attempt.passed, attempt.wrong_question_ids) == (False, [second.pk])

    response = client.post(url, {f"question_{q}": c for q, c in right.items()})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.training_completion.quiz_score_percent == 100
    assert QuizAttempt.objects.filter(passed=True).count() == 1
    assert QuizAttempt.objects.count() == 2
