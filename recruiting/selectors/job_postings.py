"""What search engines and job boards read about the open jobs: JobPosting data, feeds, sitemap.

One place decides which jobs are public (Requisition.objects.public()) and how each is
described, so that the job page's JSON-LD, the RSS feed, the XML job feed and the sitemap
always agree.
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from backoffice.core.markdown import markdown_to_html
from recruiting.models.requisitions import Requisition

# An open job has no closing date: each page (re-read by crawlers) restates this horizon, so
# that a posting whose page stops being crawled still expires instead of lingering for ever.
POSTING_HORIZON = datetime.timedelta(days=30)

# schema.org/Google employmentType values for ours.
EMPLOYMENT_TYPES = {
    Requisition.EmploymentType.FULL_TIME: "FULL_TIME",
    Requisition.EmploymentType.PART_TIME: "PART_TIME",
    Requisition.EmploymentType.TEMPORARY: "TEMPORARY",
    Requisition.EmploymentType.CONTRACT: "CONTRACTOR",
}

# In a <script> element only these can end it or start markup; JSON's \\u escapes keep the
# same value for any JSON parser.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def open_jobs() -> QuerySet[Requisition]:
    """The jobs on the careers page, in the feeds and the sitemap: newest first."""
    return Requisition.objects.public().select_related("department").order_by("-opened_at", "-pk")


def job_url(job: Requisition) -> str:
    return settings.SITE_URL + reverse("careers:detail", args=[job.pk])


def _organisation() -> dict:
    organisation = {"@type": "Organization", "name": settings.COMPANY_NAME}
    if settings.COMPANY_URL:
        organisation["sameAs"] = settings.COMPANY_URL
    return organisation


def _address(locality: str) -> dict:
    address = {"@type": "PostalAddress", "addressLocality": locality}
    if settings.COMPANY_COUNTRY:
        address["addressCountry"] = settings.COMPANY_COUNTRY
    return address


def _salary(job: Requisition) -> dict | None:
    if job.salary_min is None and job.salary_max is None:
        return None
    value: dict = {"@type": "QuantitativeValue", "unitText": "YEAR"}
    if job.salary_min is not None and job.salary_max is not None:
        value |= {"minValue": job.salary_min, "maxValue": job.salary_max}
    else:
        value["value"] = job.salary_min if job.salary_min is not None else job.salary_max
    return {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}


def job_posting(job: Requisition, *, now: datetime.datetime | None = None) -> dict:
    """The schema.org JobPosting of an open job, with Google's required and recommended
    properties: title, description (the sanitised HTML of the page), datePosted, validThrough,
    employmentType, hiringOrganization, jobLocation (or TELECOMMUTE with the country people
    may work from), baseSalary when the job has a range, directApply (the form is on the page).
    """
    now = now or timezone.now()
    posted = job.opened_at or job.created_at
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": str(markdown_to_html(job.description)),
        "identifier": {
            "@type": "PropertyValue",
            "name": settings.COMPANY_NAME,
            "value": str(job.pk),
        },
        "datePosted": timezone.localtime(posted).date().isoformat(),
        "validThrough": timezone.localtime(now + POSTING_HORIZON).isoformat(timespec="seconds"),
        "employmentType": EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "hiringOrganization": _organisation(),
        "directApply": True,
        "url": job_url(job),
    }
    if job.remote_option == Requisition.RemoteOption.REMOTE:
        posting["jobLocationType"] = "TELECOMMUTE"
        if settings.COMPANY_COUNTRY:
            posting["applicantLocationRequirements"] = {
                "@type": "Country",
                "name": settings.COMPANY_COUNTRY,
            }
    else:
        posting["jobLocation"] = {"@type": "Place", "address": _address(job.location)}
    salary = _salary(job)
    if salary is not None:
        posting["baseSalary"] = salary
    if job.target_start_date:
        posting["jobStartDate"] = job.target_start_date.isoformat()
    return posting


def json_for_script(data: dict) -> SafeString:
    """JSON to put inside a <script> element: no value (a title holding `</script>`, say) can
    close the element or open a comment, and the parsed JSON is unchanged."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_SAFE)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped just above
