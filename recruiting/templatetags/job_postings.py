"""{% job_posting_json_ld job %}: the JobPosting structured data of a job page."""

from django import template
from django.utils.html import format_html

from recruiting.selectors.job_postings import job_posting, json_for_script

register = template.Library()


@register.simple_tag
def job_posting_json_ld(job):
    # A data block, not a script: browsers never run it, and CSP's script-src does not apply.
    return format_html(
        '<script type="application/ld+json">{}</script>', json_for_script(job_posting(job))
    )
