"""Offer letter templates: merge fields checked on save, versions, the letter frozen when sent,
and the same content as HTML and PDF."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from pypdf import PdfReader

from recruiting.models import Application, Offer, OfferLetterTemplate
from recruiting.services import offer_letters
from recruiting.services import offers as offer_services
from tests.factories.recruiting import ApplicationFactory, OfferFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def offer(requisition):
    application = ApplicationFactory(
        requisition=requisition,
        stage=Application.Stage.OFFER,
        candidate__name="Olga Berg",
        candidate__email="olga@example.net",
    )
    return OfferFactory(application=application, salary=52000, salary_currency="EUR")


def _template(body: str, *, by=None, role_family=None, name="Clerks") -> OfferLetterTemplate:
    template = OfferLetterTemplate(name=name, body=body, role_family=role_family, is_default=True)
    return offer_letters.offer_letter_template_save(template=template, by=by)


def test_an_unknown_merge_field_cannot_be_saved_and_the_error_names_it(hr_user):
    with pytest.raises(ValidationError) as refused:
        _template("Dear {{ candidate.first_name }}, you earn {{ offer.bonus }}.", by=hr_user)
    assert "{{ offer.bonus }}" in str(refused.value)
    assert not OfferLetterTemplate.objects.filter(name="Clerks").exists()
    # Template tags are not merge fields either: HR's text is never a Django template.
    with pytest.raises(ValidationError, match="%"):
        _template("{% load static %}Hello {{ candidate.name }}", by=hr_user)


def test_the_admin_form_refuses_an_unknown_merge_field_naming_it(hr_user):
    admin = site._registry[OfferLetterTemplate]
    request = RequestFactory().post("/")
    request.user = hr_user
    form_class = admin.get_form(request)
    form = form_class(
        data={"name": "Clerks", "body": "Hi {{ candidate.nickname }}", "is_default": "on"}
    )
    assert not form.is_valid()
    assert "{{ candidate.nickname }}" in str(form.errors["body"])
    ok = form_class(data={"name": "Clerks", "body": "Hi {{ candidate.name }}", "is_default": "on"})
    assert ok.is_valid(), ok.errors


def test_each_change_of_the_body_is_a_new_version_and_one_default_per_family(hr_user, requisition):
    family = requisition.role_family
    first = _template("Version one {{ candidate.name }}", by=hr_user, role_family=family)
    assert first.current_version.number == 1
    first.body = "Version two {{ candidate.name }}"
    offer_letters.offer_letter_template_save(template=first, by=hr_user)
    first.name = "Clerks (renamed)"
    offer_letters.offer_letter_template_save(template=first, by=hr_user)  # no body change
    assert list(first.versions.values_list("number", flat=True)) == [2, 1]
    second = _template("Other {{ candidate.name }}", by=hr_user, role_family=family, name="B")
    first.refresh_from_db()
    assert second.is_default
    assert not first.is_default


def test_merge_values_are_escaped_and_the_html_is_sanitised(offer, hr_user):
    candidate = offer.application.candidate
    candidate.name = "Olga [click](https://evil.example) <script>x</script>"
    candidate.save()
    _template("Dear {{ candidate.name }}, salary {{ offer.salary }}.", by=hr_user)
    _version, _markdown, html = offer_letters.offer_letter_compose(offer)
    assert "<a" not in html
    assert "<script" not in html
    assert "EUR 52,000" in html


def test_a_sent_offer_keeps_its_letter_when_the_template_changes(offer, hr_user, hiring_manager):
    template = _template("Dear {{ candidate.name }}, welcome at {{ company.name }}.", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    sent = offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    assert "Dear Olga Berg, welcome at" in sent.letter_html
    assert sent.letter_version == template.current_version
    assert sent.letter_sha256 == offer_letters.letter_sha256(sent.letter_html)
    before = (sent.letter_markdown, sent.letter_html, sent.letter_sha256)

    template.body = "Completely new wording for {{ candidate.name }}."
    offer_letters.offer_letter_template_save(template=template, by=hr_user)
    sent.refresh_from_db()
    assert (sent.letter_markdown, sent.letter_html, sent.letter_sha256) == before
    assert "Completely new wording" not in offer_letters.letter_html_for(sent)
    assert "Completely new wording" in pdf_text(offer_letters.offer_letter_pdf(OfferFactory()))


def test_the_role_family_letter_wins_over_the_fallback(offer, hr_user, requisition):
    _template("Fallback for {{ candidate.name }}", by=hr_user, name="Any")
    _template(
        "Clerk letter for {{ candidate.name }}",
        by=hr_user,
        role_family=requisition.role_family,
        name="Clerks",
    )
    assert "Clerk letter for Olga Berg" in offer_letters.offer_letter_compose(offer)[2]


def test_the_pdf_has_the_same_content_and_fetches_nothing(offer, hr_user, monkeypatch):
    _template(
        "Dear {{ candidate.name }}\n\n![logo](https://tracker.example/pixel.png)\n\n"
        "Salary: {{ offer.salary }}",
        by=hr_user,
    )
    fetched = []
    original = offer_letters._no_fetch
    monkeypatch.setattr(
        offer_letters, "_no_fetch", lambda url, *a, **k: fetched.append(url) or original(url)
    )
    pdf = offer_letters.offer_letter_pdf(offer)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Dear Olga Berg" in text
    assert "EUR 52,000" in text
    assert Offer.objects.get(pk=offer.pk).letter_html == ""  # a preview changes nothing
    assert fetched == ["https://tracker.example/pixel.png"]  # asked for, and refused
