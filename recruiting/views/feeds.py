"""The open jobs for machines: an RSS 2.0 feed, the XML job feed job boards ingest, the sitemap.

All three list exactly the jobs of the careers page (selectors.job_postings.open_jobs); a job
that closes leaves them with its page, which then answers 410 Gone.
"""

from __future__ import annotations

from xml.etree import ElementTree

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.decorators.http import require_GET

from backoffice.core.markdown import markdown_to_html
from recruiting.models.requisitions import Requisition
from recruiting.selectors.job_postings import EMPLOYMENT_TYPES, job_url, open_jobs

# Feeds are read often by machines; a minute of caching in between costs nothing.
FEED_MAX_AGE_SECONDS = 60


class OpenJobsFeed(Feed):
    """RSS 2.0: one item per open job, its description the sanitised HTML of the job page."""

    feed_type = Rss201rev2Feed

    def title(self) -> str:
        return f"Jobs at {settings.COMPANY_NAME}"

    def link(self) -> str:
        return reverse("careers:list")

    def description(self) -> str:
        return f"The open jobs at {settings.COMPANY_NAME}."

    def items(self):
        return open_jobs()

    def item_title(self, item: Requisition) -> str:
        return item.title

    def item_description(self, item: Requisition) -> str:
        return str(markdown_to_html(item.description))

    def item_link(self, item: Requisition) -> str:
        return reverse("careers:detail", args=[item.pk])

    def item_guid(self, item: Requisition) -> str:
        return job_url(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Requisition):
        return item.opened_at or item.created_at

    def item_categories(self, item: Requisition) -> list[str]:
        return [str(item.department), item.get_employment_type_display()]


_open_jobs_feed = OpenJobsFeed()


@login_not_required
@require_GET
def open_jobs_rss(request: HttpRequest) -> HttpResponse:
    return _open_jobs_feed(request)


def _add(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text


def _salary_text(job: Requisition) -> str:
    amounts = [f"{amount:,}" for amount in (job.salary_min, job.salary_max) if amount is not None]
    return f"{job.salary_currency} {' - '.join(amounts)} per year" if amounts else ""


def _job_element(source: ElementTree.Element, job: Requisition) -> None:
    element = ElementTree.SubElement(source, "job")
    _add(element, "title", job.title)
    posted = timezone.localtime(job.opened_at or job.created_at)
    _add(element, "date", posted.strftime("%a, %d %b %Y %H:%M:%S %z"))
    _add(element, "referencenumber", str(job.pk))
    _add(element, "url", job_url(job))
    _add(element, "company", settings.COMPANY_NAME)
    _add(element, "city", job.location)
    _add(element, "country", settings.COMPANY_COUNTRY)
    _add(element, "remotetype", job.get_remote_option_display())
    _add(element, "category", str(job.department))
    _add(element, "description", str(markdown_to_html(job.description)))
    _add(element, "salary", _salary_text(job))
    _add(element, "jobtype", EMPLOYMENT_TYPES.get(job.employment_type, "OTHER").lower())


@login_not_required
@require_GET
def open_jobs_xml(request: HttpRequest) -> HttpResponse:
    """The XML job feed most job boards ingest (<source><job>…</job></source>), every value
    escaped by ElementTree."""
    source = ElementTree.Element("source")
    _add(source, "publisher", settings.COMPANY_NAME)
    _add(source, "publisherurl", settings.SITE_URL + reverse("careers:list"))
    _add(source, "lastBuildDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S %z"))
    for job in open_jobs():
        _job_element(source, job)
    body = ElementTree.tostring(source, encoding="utf-8", xml_declaration=True)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE_SECONDS}"
    return response


class CareersSitemap(Sitemap):
    """The careers page and each open job's page."""

    def items(self):
        return ["careers:list", *open_jobs()]

    def location(self, item) -> str:
        if isinstance(item, str):
            return reverse(item)
        return reverse("careers:detail", args=[item.pk])

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at

    def changefreq(self, item) -> str:
        return "daily" if isinstance(item, str) else "weekly"


SITEMAPS = {"careers": CareersSitemap}


@login_not_required
@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """The careers pages for search engines (django.contrib.sitemaps)."""
    return sitemap(request, sitemaps=SITEMAPS)


# Crawlers may read the careers page and its jobs; the staff areas (signed-in only anyway)
# and the candidates' own signed links are none of their business.
ROBOTS_DISALLOWED = [
    "/admin/",
    "/accounts/",
    "/recruiting/",
    "/onboarding/",
    "/performance/",
    "/notifications/",
    "/careers/status/",
    "/careers/offer/",
    "/careers/withdraw/",
]


@login_not_required
@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines += ["Allow: /careers/", "", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
