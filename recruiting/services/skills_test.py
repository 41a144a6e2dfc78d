"""The built-in data-entry test: a signed single-use link, server-side timing and scoring."""

from __future__ import annotations

import datetime
import random
import secrets
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.services import outbox_email
from recruiting.models.candidates import Application
from recruiting.models.skills_test import SkillsTest
from recruiting.services import candidate_links

LINK_VALIDITY = datetime.timedelta(days=7)
# Network and form submission take a moment: a submit this late after the limit still counts.
SUBMIT_GRACE = datetime.timedelta(seconds=30)
RECORD_COUNT = 6
TOKEN_SALT = "recruiting.skills_test"  # noqa: S105 - a signing salt, not a secret

FIELDS = {
    "invoice": [
        ("reference", "Reference"),
        ("customer", "Customer"),
        ("date", "Invoice date"),
        ("amount", "Amount"),
    ],
    "customer": [
        ("code", "Customer code"),
        ("name", "Name"),
        ("since", "Customer since"),
        ("credit_limit", "Credit limit"),
    ],
}
_FIRST = ["Anna", "Bram", "Chloé", "Dmitri", "Eva", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
_LAST = ["Jansen", "Okafor", "Müller", "Dubois", "Novak", "Rossi", "Larsen", "Kowalski", "Silva"]
_COMPANIES = ["Acme Supplies", "Nordwind BV", "Kappa & Co", "Orion Logistics", "Blue Harbour"]


class SkillsTestRefused(DomainError):
    """The link is invalid, expired or used, or the test cannot be taken now."""


def records_generate(seed: int | None = None) -> list[dict]:
    """Source records to type in: invoices and customer records with names, dates, amounts
    and reference codes."""
    rng = random.Random(seed)  # noqa: S311 - practice data, not a secret
    records = []
    for index in range(RECORD_COUNT):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(0, 600))
        if index % 2 == 0:
            records.append(
                {
                    "kind": "invoice",
                    "reference": f"INV-{rng.randrange(10000, 99999)}-{rng.choice('ABCDEFGH')}",
                    "customer": rng.choice(_COMPANIES),
                    "date": day.isoformat(),
                    "amount": f"{rng.randrange(100, 999999) / 100:.2f}",
                }
            )
        else:
            records.append(
                {
                    "kind": "customer",
                    "code": f"C{rng.randrange(100000, 999999)}",
                    "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                    "since": day.isoformat(),
                    "credit_limit": f"{rng.randrange(5, 500) * 100:.2f}",
                }
            )
    return records


def token_for(test: SkillsTest) -> str:
    return signing.dumps({"test": test.pk, "code": test.code}, salt=TOKEN_SALT)


def skills_test_from_token(token: str, *, now=None) -> SkillsTest:
    """The test behind a link, or SkillsTestRefused when the link is forged or expired."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        test = SkillsTest.objects.get(pk=data["test"], code=data["code"])
    except (signing.BadSignature, KeyError, TypeError, SkillsTest.DoesNotExist) as bad:
        raise SkillsTestRefused("This test link is not valid.") from bad
    if now > test.expires_at and test.started_at is None:
        raise SkillsTestRefused("This test link has expired. Ask us for a new one.")
    return test


@transaction.atomic
def skills_test_send(*, application: Application, by, time_limit_minutes: int = 10) -> SkillsTest:
    """HR (or the hiring manager) sends the candidate a link, valid 7 days, used once."""
    if not application.is_open:
        raise SkillsTestRefused("The application is closed.")
    test = SkillsTest.objects.create(
        application=application,
        code=secrets.token_hex(3).upper(),
        sent_by=by,
        expires_at=timezone.now() + LINK_VALIDITY,
        time_limit_minutes=time_limit_minutes,
        records=records_generate(secrets.randbits(32)),
    )
    skills_test_invitation_email(test=test)
    return test


def skills_test_invitation_email(*, test: SkillsTest) -> None:
    """The candidate's link, written to the outbox with the test."""
    application = test.application
    outbox_email(
        key=f"recruiting.skills_test:{test.pk}",
        to=[application.candidate.email],
        subject=f"Your data-entry test for {test.application.requisition.title}",
        template="recruiting_skills_test",
        context={
            "test": test,
            "candidate": test.application.candidate,
            "path": reverse("recruiting:skills_test_take", args=[token_for(test)]),
            **candidate_links.candidate_email_context(application),
        },
    )


@transaction.atomic
def skills_test_start(*, token: str) -> SkillsTest:
    """Stamp the start (once; the server's clock, never the browser's)."""
    test = skills_test_from_token(token)
    test = SkillsTest.objects.select_for_update().get(pk=test.pk)
    if test.submitted_at:
        raise SkillsTestRefused("This test has already been submitted. Thank you.")
    if test.started_at is None:
        test.started_at = timezone.now()
        test.save(update_fields=["started_at"])
    return test


def _same(field: str, typed: str, truth: str) -> bool:
    typed = " ".join((typed or "").split())
    if field in ("amount", "credit_limit"):
        try:
            return Decimal(typed.replace(",", "")) == Decimal(truth)
        except InvalidOperation:
            return False
    return typed == truth


def answers_compare(records: list[dict], answers: list[dict]) -> list[dict]:
    """Per record and field: what was typed, the truth, and whether they match."""
    result = []
    for index, record in enumerate(records):
        typed = answers[index] if index < len(answers) and isinstance(answers[index], dict) else {}
        fields = []
        for field, label in FIELDS[record["kind"]]:
            value = str(typed.get(field, ""))[:200]
            fields.append(
                {
                    "field": field,
                    "label": label,
                    "typed": value,
                    "truth": record[field],
                    "correct": _same(field, value, record[field]),
                }
            )
        result.append({"kind": record["kind"], "fields": fields})
    return result


@transaction.atomic
def skills_test_submit(*, token: str, answers: list[dict]) -> SkillsTest:
    """Score the answers against the truth. Single use: a second submission is refused.

    Timing is the server's: from the stamped start to now. After the time limit (plus a short
    grace for the network) the answers are kept but nothing counts as correct.
    """
    test = skills_test_from_token(token)
    test = SkillsTest.objects.select_for_update().get(pk=test.pk)
    if test.submitted_at:
        raise SkillsTestRefused("This test has already been submitted. Thank you.")
    if test.started_at is None:
        raise SkillsTestRefused("Start the test first.")
    now = timezone.now()
    comparison = answers_compare(test.records, answers)
    test.answers = [
        {field["field"]: field["typed"] for field in record["fields"]} for record in comparison
    ]
    test.submitted_at = now
    test.late = now > test.deadline + SUBMIT_GRACE
    test.fields_total = sum(len(record["fields"]) for record in comparison)
    if test.late:
        test.fields_correct = 0
        test.records_complete = 0
    else:
        test.fields_correct = sum(f["correct"] for r in comparison for f in r["fields"])
        test.records_complete = sum(
            all(f["typed"].strip() for f in record["fields"]) for record in comparison
        )
    test.save()
    return test
