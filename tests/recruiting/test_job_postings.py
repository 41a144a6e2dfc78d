"""Job postings that search engines and job boards read: JSON-LD, RSS, XML feed, sitemap,
robots.txt, and 410 Gone for a closed job (issue 23, point 4)."""

import datetime
import json
import re

import pytest
from defusedxml import ElementTree
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Requisition
from recruiting.selectors.job_postings import json_for_script
from tests.factories.recruiting import RequisitionFactory

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)

# Google's JobPosting: required, then the recommended properties we always give.
REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
RECOMMENDED = {"validThrough", "employmentType", "directApply", "identifier"}


def _postings(client, job) -> list[dict]:
    response = client.get(reverse("careers:detail", args=[job.pk]))
    assert response.status_code == 200
    return [json.loads(block) for block in LD_JSON.findall(response.content.decode())]


@pytest.fixture
def jobs():
    return {
        "on_site": RequisitionFactory(
            title="Bookkeeper",
            location="Utrecht",
            remote_option="hybrid",
            employment_type="full_time",
        ),
        "remote": RequisitionFactory(
            title="Support agent",
            location="Remote (NL)",
            remote_option="remote",
            employment_type="contract",
            salary_min=None,
            salary_max=None,
        ),
        "on_hold": RequisitionFactory(title="Paused job", status=Requisition.Status.ON_HOLD),
        "filled": RequisitionFactory(
            title="Filled job", status=Requisition.Status.FILLED, closed_at=timezone.now()
        ),
        "draft": RequisitionFactory(
            title="Secret draft", status=Requisition.Status.DRAFT, opened_at=None
        ),
    }


@override_settings(COMPANY_NAME="Acme Records BV", COMPANY_COUNTRY="NL")
def test_every_open_job_page_carries_a_valid_job_posting(client, jobs):
    for key in ("on_site", "remote"):
        job = jobs[key]
        [posting] = _postings(client, job)
        assert posting["@context"] == "https://schema.org/"
        assert posting["@type"] == "JobPosting"
        assert posting.keys() >= REQUIRED | RECOMMENDED
        assert posting["title"] == job.title
        assert "<strong>accurate</strong>" in posting["description"]
        assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Acme Records BV"}
        assert posting["datePosted"] == timezone.localtime(job.opened_at).date().isoformat()
        valid_through = datetime.datetime.fromisoformat(posting["validThrough"])
        assert valid_through > timezone.now() + datetime.timedelta(days=7)
        assert posting["directApply"] is True
        assert posting["url"].endswith(reverse("careers:detail", args=[job.pk]))
        # Google: jobLocation, or TELECOMMUTE with where applicants may live.
        assert "jobLocation" in posting or posting.get("jobLocationType") == "TELECOMMUTE"
    on_site = _postings(client, jobs["on_site"])[0]
    assert on_site["employmentType"] == "FULL_TIME"
    assert on_site["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Utrecht",
        "addressCountry": "NL",
    }
    assert on_site["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "YEAR",
            "minValue": 30000,
            "maxValue": 36000,
        },
    }
    remote = _postings(client, jobs["remote"])[0]
    assert remote["employmentType"] == "CONTRACTOR"
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert remote["applicantLocationRequirements"] == {"@type": "Country", "name": "NL"}
    assert "jobLocation" not in remote
    assert "baseSalary" not in remote


def test_a_title_cannot_break_out_of_the_json_ld(client):
    title = '</script><script>alert("x")</script><!-- & -->'
    job = RequisitionFactory(title=title, description="Fine <script>alert(1)</script> text")
    page = client.get(reverse("careers:detail", args=[job.pk])).content.decode()
    [block] = LD_JSON.findall(page)
    for character in "<>&":
        assert character not in block
    posting = json.loads(block)
    assert posting["title"] == title
    assert "<script>" not in posting["description"]  # the sanitised HTML of the page
    assert page.count("<script>alert") == 0


def test_json_for_script_keeps_the_value():
    data = {"a": "</script>&<!--", "b": ["ü", 1]}
    text = str(json_for_script(data))
    assert json.loads(text) == data
    assert "</" not in text


def test_json_ld_passes_the_content_security_policy(client, jobs):
    """A data block needs no nonce: script-src stays 'self' and the page has no other inline
    script (browsers never execute application/ld+json)."""
    response = client.get(reverse("careers:detail", args=[jobs["on_site"].pk]))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert scripts == [' type="application/ld+json"']


def test_closed_job_is_gone_with_a_friendly_page(client, jobs):
    for key in ("on_hold", "filled"):
        response = client.get(reverse("careers:detail", args=[jobs[key].pk]))
        assert response.status_code == 410
        assert "no longer open" in response.content.decode()
        assert not LD_JSON.search(response.content.decode())
    posted = client.post(reverse("careers:detail", args=[jobs["filled"].pk]), {"name": "X"})
    assert posted.status_code == 410
    # Never public: not found, not "gone" (a draft's existence is not confirmed).
    assert client.get(reverse("careers:detail", args=[jobs["draft"].pk])).status_code == 404


def test_rss_feed_lists_exactly_the_open_jobs(client, jobs):
    response = client.get(reverse("careers:feed_rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    links = {item.findtext("link") for item in items}
    assert links == {
        f"http://testserver{reverse('careers:detail', args=[jobs[key].pk])}"
        for key in ("on_site", "remote")
    }
    assert {item.findtext("title") for item in items} == {"Bookkeeper", "Support agent"}


def test_xml_job_feed_lists_exactly_the_open_jobs(client, jobs):
    response = client.get(reverse("careers:feed_xml"))
    assert response.status_code == 200
    source = ElementTree.fromstring(response.content)
    references = {job.findtext("referencenumber") for job in source.findall("job")}
    assert references == {str(jobs["on_site"].pk), str(jobs["remote"].pk)}
    bookkeeper = next(j for j in source.findall("job") if j.findtext("title") == "Bookkeeper")
    assert bookkeeper.findtext("city") == "Utrecht"
    assert bookkeeper.findtext("jobtype") == "full_time"
    assert "30,000 - 36,000" in bookkeeper.findtext("salary")


def test_a_job_that_closes_leaves_the_feeds_and_the_sitemap(client, jobs):
    def listed() -> tuple[set, set, set]:
        rss = ElementTree.fromstring(client.get(reverse("careers:feed_rss")).content)
        xml = ElementTree.fromstring(client.get(reverse("careers:feed_xml")).content)
        sitemap = ElementTree.fromstring(client.get(reverse("sitemap")).content)
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        return (
            {item.findtext("title") for item in rss.iter("item")},
            {job.findtext("title") for job in xml.iter("job")},
            {loc.text for loc in sitemap.findall("s:url/s:loc", namespace)},
        )

    job = jobs["on_site"]
    job_loc = f"http://testserver{reverse('careers:detail', args=[job.pk])}"
    rss, xml, sitemap = listed()
    assert "Bookkeeper" in rss
    assert "Bookkeeper" in xml
    assert job_loc in sitemap
    Requisition.objects.filter(pk=job.pk).update(status=Requisition.Status.FILLED)
    rss, xml, sitemap = listed()
    assert "Bookkeeper" not in rss
    assert "Bookkeeper" not in xml
    assert job_loc not in sitemap
    assert client.get(reverse("careers:detail", args=[job.pk])).status_code == 410


def test_sitemap_lists_the_careers_pages_only(client, jobs):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        loc.text
        for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)
    }
    expected = {reverse("careers:list")} | {
        reverse("careers:detail", args=[jobs[key].pk]) for key in ("on_site", "remote")
    }
    assert locations == {f"http://testserver{path}" for path in expected}


@override_settings(SITE_URL="https://jobs.example.org")
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_staff_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://jobs.example.org/sitemap.xml" in lines
    for path in ("/admin/", "/recruiting/", "/onboarding/", "/performance/", "/careers/status/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /careers/" not in lines


@pytest.mark.parametrize("url_name", ["careers:feed_rss", "careers:feed_xml", "sitemap"])
def test_feeds_take_constant_queries(client, django_assert_max_num_queries, url_name):
    RequisitionFactory.create_batch(2)
    with django_assert_max_num_queries(3):
        assert client.get(reverse(url_name)).status_code == 200
    RequisitionFactory.create_batch(20)
    with django_assert_max_num_queries(3):
        assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", ["careers:feed_rss", "careers:feed_xml", "sitemap"])
def test_feeds_refuse_post(client, url_name):
    assert client.post(reverse(url_name)).status_code == 405
