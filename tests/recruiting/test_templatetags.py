"""Recruiting's template helpers: Markdown goes through the core's one sanitiser."""

from backoffice.core.markdown import markdown_to_html
from recruiting.templatetags.recruiting import markdown_safe

AUTHORED = (
    "## Role\n\n| Task | Share |\n|---|---|\n| Invoices | 60% |\n\n"
    "[Apply](https://example.com) <script>alert(1)</script> <img src=x onerror=alert(1)>"
)


def test_job_descriptions_render_like_every_other_authored_text():
    html = markdown_safe(AUTHORED)
    assert html == markdown_to_html(AUTHORED)
    assert "<table>" in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<script" not in html
    assert "onerror" not in html
