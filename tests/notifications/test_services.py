import pytest
from django.core import mail
from django.template import TemplateDoesNotExist

from backoffice.notifications.services import email_render, email_send


def test_email_render_needs_both_parts():
    with pytest.raises(TemplateDoesNotExist):
        email_render(template="no-such-email", context={})


def test_password_reset_layout_escapes_user_data(settings):
    from django.template.loader import render_to_string

    html = render_to_string(
        "registration/password_reset_email.html",
        {
            "user": {"get_short_name": "<script>x</script>", "email": "a@example.com"},
            "site_url": "https://hr.example.com",
            "uid": "MQ",
            "token": "t-1",
            "site_name": "Backoffice",
        },
    )
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_email_send_sends_html_and_text(settings, tmp_path):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello.txt").write_text("Hi {{ name }}: {{ site_url }}/x")
    (tmp_path / "emails" / "hello.html").write_text("<p>Hi {{ name }}</p>")
    settings.SITE_URL = "https://hr.example.com"
    email_send(to=["a@example.com"], subject="Hello", template="hello", context={"name": "<Ann>"})
    message = mail.outbox[0]
    assert message.subject == "[Backoffice] Hello"
    assert message.body == "Hi <Ann>: https://hr.example.com/x"
    assert message.alternatives[0][0] == "<p>Hi &lt;Ann&gt;</p>"
