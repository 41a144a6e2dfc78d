"""What an application's typed details would change in the candidate's profile."""

from __future__ import annotations

from recruiting.models.candidates import Candidate

LABELS = {
    "name": "Name",
    "phone": "Phone",
    "location": "Location",
    "links": "Link",
    "skills": "Skills",
}


def details_differences(candidate: Candidate, submitted: dict) -> dict[str, tuple]:
    """field → (profile value, submitted value) for each detail the profile lacks or differs in.

    Blank submitted values are not differences (nothing to merge). A link or skill differs when
    the profile does not already list it.
    """
    submitted = submitted or {}
    differences: dict[str, tuple] = {}
    for field in ("name", "phone", "location"):
        value = (submitted.get(field) or "").strip()
        if value and value != getattr(candidate, field):
            differences[field] = (getattr(candidate, field), value)
    link = (submitted.get("link") or "").strip()
    if link and link not in candidate.links.splitlines():
        differences["links"] = (candidate.links, link)
    known = {line.strip().casefold() for line in candidate.skills.splitlines() if line.strip()}
    skills = [
        skill for skill in submitted.get("skills") or [] if skill.strip().casefold() not in known
    ]
    if skills:
        differences["skills"] = (candidate.skills, skills)
    return differences


def details_differences_rows(candidate: Candidate, submitted: dict) -> list[dict]:
    """The same as rows for the application page: label, profile value, submitted value."""
    return [
        {
            "field": field,
            "label": LABELS[field],
            "current": current,
            "submitted": ", ".join(value) if isinstance(value, list) else value,
        }
        for field, (current, value) in details_differences(candidate, submitted).items()
    ]
