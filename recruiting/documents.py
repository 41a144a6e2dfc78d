"""Small generated documents: the demo's resumes, and test fixtures that need a real PDF."""

from __future__ import annotations


def _pdf_escape(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing `lines` in Helvetica (readable by any PDF viewer)."""
    text_ops = ["BT", "/F1 12 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        text_ops.append(f"({_pdf_escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(output)


def resume_lines(*, name: str, email: str, years: int, role: str, skills: list[str]) -> list[str]:
    return [
        name,
        email,
        "",
        f"Objective: a {role.lower()} position in a well-run back office.",
        "",
        f"Experience: {years} year{'s' if years != 1 else ''} in data entry, record keeping "
        "and administrative work.",
        "Skills: " + (", ".join(skills) or "office software, filing, correspondence"),
        "",
        "References available on request.",
    ]
