"""What several recruiting page tests do the same way."""

from django.urls import reverse


def post_scorecard(client, interview, template, *, value="3", note="", action="submit"):
    """Post the scorecard form for `interview` with every criterion of `template` rated `value`."""
    data = {"recommendation": "yes", "summary": "Fine.", "action": action}
    for criterion in template.criteria.all():
        data[f"rating_{criterion.pk}"] = value
        data[f"note_{criterion.pk}"] = note
    return client.post(reverse("recruiting:scorecard_edit", args=[interview.pk]), data)


def linked_application(text: str):
    """The application that the status link in an email's text opens (links are signed with a
    timestamp, so compare what they open, not their text)."""
    import re

    from recruiting.services import candidate_links

    tokens = re.findall(r"/careers/status/([^/\s\"]+)/", text)
    assert len(set(tokens)) == 1, tokens
    return candidate_links.application_for_status_token(tokens[0])


def linked_offer(text: str):
    """The offer that the offer link in an email's text opens."""
    import re

    from recruiting.services import candidate_links

    tokens = re.findall(r"/careers/offer/([^/\s\"]+)/", text)
    assert len(set(tokens)) == 1, tokens
    return candidate_links.offer_for_token(tokens[0])
