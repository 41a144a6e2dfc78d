"""In a real browser the job page's JobPosting data block parses, keeps a hostile title as text,
and breaks no rule of the Content-Security-Policy (issue 23, point 4)."""

import json

import pytest

from tests.factories.recruiting import RequisitionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_json_ld_parses_in_the_browser_without_csp_violations(page):
    title = "Clerk </script><script>window.pwned = 1</script>"
    job = RequisitionFactory(title=title)
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"/careers/{job.pk}/")
    block = page.locator('script[type="application/ld+json"]')
    assert block.count() == 1
    posting = json.loads(block.text_content())
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == title
    assert page.evaluate("window.pwned") is None
    assert not [text for text in problems if "Content Security Policy" in text], problems
