"""Resume text search (issue 22): a word that appears only inside a candidate's PDF resume
finds them in the candidate list, with the matching passage shown and the word marked."""

import pytest
from django.core.cache import cache
from django.db import connection
from playwright.sync_api import expect
from weasyprint import HTML

from recruiting.models import ResumeText
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import ApplicationFactory, CandidateFactory, RequisitionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESUME_HTML = """
<h1>Priya Raman</h1>
<p>Records clerk, eight years.</p>
<p>Digitised the county archive's <b>palimpsest</b> collection and kept its index.</p>
<p>References on request.</p>
"""


def test_a_word_only_in_the_resume_pdf_finds_the_candidate_with_a_snippet(page):
    cache.clear()
    EmployeeFactory(user__roles=["HR"], user__email="hr@example.com")
    job = RequisitionFactory(title="Archive Clerk", location="Leeds")
    ApplicationFactory(requisition=job, candidate=CandidateFactory(name="Otto Other"))
    resume = HTML(string=RESUME_HTML).write_pdf()

    # The candidate applies on the careers page with a PDF made by a real PDF writer.
    page.goto(f"/careers/{job.pk}/")
    page.get_by_label("Full name").fill("Priya Raman")
    page.get_by_label("Email").fill("priya@example.net")
    page.get_by_label("Resume").set_input_files(
        {"name": "priya-cv.pdf", "mimeType": "application/pdf", "buffer": resume}
    )
    page.get_by_label("Where did you hear about this job?").select_option("LinkedIn")
    page.get_by_label("I agree that my data is processed").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    # Read after the upload committed (the task runs in-process here: no broker in tests).
    row = ResumeText.objects.get(application__candidate__email="priya@example.net")
    assert row.status == ResumeText.Status.DONE, row.error

    sign_in(page, "hr@example.com", PASSWORD)
    page.goto("/recruiting/candidates/")
    page.get_by_label("Search").fill("palimpsest")
    page.get_by_role("button", name="Apply filters").click()

    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name="Priya Raman")).to_be_visible()
    if connection.vendor == "postgresql":
        snippet = rows.first.locator(".resume-snippet")
        expect(snippet).to_contain_text("county archive's palimpsest collection")
        expect(snippet.locator("mark")).to_have_text("palimpsest")
    assert page.console_errors == []
