"""Outgoing email: every message goes out as HTML with a plain-text twin."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string

from backoffice.core.text import single_line


def email_render(*, template: str, context: dict) -> tuple[str, str]:
    """Render `emails/<template>.txt` and `.html`; links in them are built from SITE_URL."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    # Plain text is not HTML: escaping it would show "&lt;" to the reader.
    text = get_template(f"emails/{template}.txt").template.render(
        Context(context, autoescape=False)
    )
    html = render_to_string(f"emails/{template}.html", context)
    return text, html


def email_send(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    cc: list[str] | None = None,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Send one email; SMTP errors propagate so that the caller (a task) can retry.

    The subject is put on one line here, whoever built it: a name with a line break in it
    (typed into any form) would otherwise make Django refuse the header and the send fail.
    """
    subject = single_line(subject)
    text, html = email_render(template=template, context={"subject": subject, **context})
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        cc=cc or [],
        reply_to=reply_to or [],
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
