"""Offer letters: HR's templates, merging an offer into one, and the letter as HTML and PDF.

Merging is a substitution of `{{ name.path }}` from MERGE_FIELDS and nothing else (HR's text
is never a Django template); each value is escaped for Markdown, so a candidate called
"[x](https://…)" stays a name. The Markdown goes through the core's one sanitiser. The PDF is
rendered by WeasyPrint from the same HTML, with every outside fetch refused (no network).
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone

from backoffice.core.markdown import markdown_to_html
from recruiting.models.offer_letters import (
    MERGE_FIELD_PATTERN,
    MERGE_FIELDS,
    OfferLetterTemplate,
    OfferLetterVersion,
    OfferSignature,
    merge_fields_validate,
)
from recruiting.models.offers import Offer

# The letter used when HR has written none (the migration also seeds it as a template).
DEFAULT_LETTER_BODY = """\
{{ today }}

Dear {{ candidate.name }},

We are pleased to offer you the position of **{{ requisition.title }}** in our \
{{ requisition.department }} department at {{ company.name }}, reporting to {{ manager.name }}.

| | |
|---|---|
| Employment | {{ offer.employment_type }} |
| Start date | {{ offer.start_date }} |
| Yearly gross salary | {{ offer.salary }} |
| Location | {{ requisition.location }} |

This offer is valid until **{{ offer.expires_on }}**. To accept it, sign it online through \
the link in our email; if you have questions, write to {{ manager.email }}.

We look forward to working with you.

Kind regards,

{{ manager.name }}
"""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _markdown_escape(value: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def merge_values(offer: Offer, *, today=None) -> dict[str, str]:
    """The value of every merge field for this offer."""
    application = offer.application
    candidate, requisition = application.candidate, application.requisition
    manager = requisition.hiring_manager
    first, _, last = candidate.name.partition(" ")
    values = {
        "candidate.name": candidate.name,
        "candidate.first_name": first,
        "candidate.last_name": last,
        "candidate.email": candidate.email,
        "offer.salary": f"{offer.salary_currency} {offer.salary:,}",
        "offer.currency": offer.salary_currency,
        "offer.start_date": _date(offer.start_date),
        "offer.expires_on": _date(offer.expires_on),
        "offer.employment_type": offer.get_employment_type_display(),
        "requisition.title": requisition.title,
        "requisition.department": str(requisition.department or ""),
        "requisition.location": requisition.location,
        "manager.name": manager.get_full_name() or manager.email,
        "manager.email": manager.email,
        "company.name": settings.SITE_NAME,
        "today": _date(today or timezone.localdate()),
    }
    assert set(values) == set(MERGE_FIELDS)  # noqa: S101 - the list and the values agree
    return values


def letter_merge(body: str, values: dict[str, str]) -> str:
    """Replace each known merge field by its escaped value (the body was validated on save)."""
    merge_fields_validate(body)
    return MERGE_FIELD_PATTERN.sub(lambda match: _markdown_escape(values[match.group(1)]), body)


def template_for(offer: Offer) -> OfferLetterTemplate | None:
    """The role family's default letter, else the default for any role family."""
    family_id = offer.application.requisition.role_family_id
    defaults = OfferLetterTemplate.objects.filter(
        is_default=True, current_version__isnull=False
    ).select_related("current_version")
    return (
        defaults.filter(role_family_id=family_id).first()
        or defaults.filter(role_family__isnull=True).first()
    )


def offer_letter_compose(offer: Offer, *, today=None) -> tuple[OfferLetterVersion | None, str, str]:
    """(version, Markdown, HTML) of the letter this offer would be sent with today."""
    template = template_for(offer)
    version = template.current_version if template else None
    body = version.body if version else DEFAULT_LETTER_BODY
    markdown = letter_merge(body, merge_values(offer, today=today))
    return version, markdown, str(markdown_to_html(markdown))


def letter_sha256(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def letter_html_for(offer: Offer) -> str:
    """The letter's HTML: the text it was sent with, or (not sent yet) today's draft."""
    if offer.letter_html:
        return offer.letter_html
    return offer_letter_compose(offer)[2]


@transaction.atomic
def offer_letter_template_save(*, template: OfferLetterTemplate, by) -> OfferLetterTemplate:
    """Save a template; a changed body (or the first save) publishes a new version.

    Unknown merge fields are refused (ValidationError naming them). Offers already sent keep
    their own copy of the text, so a new version changes only the offers sent after it.
    """
    merge_fields_validate(template.body)
    if template.is_default:
        # One default per role family: making this one the default unsets the previous one.
        OfferLetterTemplate.objects.filter(
            is_default=True, role_family=template.role_family
        ).exclude(pk=template.pk).update(is_default=False)
    template.save()
    current = template.current_version
    if current is None or current.body != template.body:
        number = (current.number if current else 0) + 1
        version = OfferLetterVersion.objects.create(
            template=template, number=number, body=template.body, published_by=by
        )
        template.current_version = version
        template.save(update_fields=["current_version"])
    return template


def _no_fetch(url: str):
    raise ValueError(f"Offer letters fetch nothing from outside ({url[:80]})")


def _fetcher():
    """A WeasyPrint URL fetcher that fetches nothing: an image in HR's Markdown is left out
    (WeasyPrint logs it) and no letter ever reaches the network."""
    from weasyprint.urls import URLFetcher

    class NoNetwork(URLFetcher):
        def fetch(self, url, headers=None):
            return _no_fetch(url)

    return NoNetwork(allowed_protocols=())


def offer_letter_pdf(offer: Offer, *, signature: OfferSignature | None = None) -> bytes:
    """The letter as a PDF; with a signature, followed by the signature page."""
    from weasyprint import HTML  # imported here: it loads pango, which only PDFs need

    html = render_to_string(
        "recruiting/offer_letter_pdf.html",
        {
            "offer": offer,
            "letter_html": letter_html_for(offer),
            "signature": signature,
            "site_name": settings.SITE_NAME,
        },
    )
    return HTML(string=html, url_fetcher=_fetcher(), base_url=None).write_pdf()
