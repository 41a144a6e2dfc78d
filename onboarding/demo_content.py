"""What the demo trainings teach: real lessons, handouts and a diagram, not placeholders."""

from __future__ import annotations

import struct
import zlib

ACCOUNTING_SYSTEM = """\
## Why this matters

Every payment we make leaves through the accounting system. A wrong supplier, a duplicated
invoice or a payment approved without a purchase order costs real money and is hard to get back.
This training shows the three things you will do every day: **find** a supplier, **match** an
invoice, and **post** it for payment.

## The three-way match

Before an invoice is paid, three documents must agree:

![Purchase order, goods received note and invoice must agree](three-way-match.png)

*Blue: the purchase order. Green: the goods received note. Yellow: the invoice. The grey bar
is the match the system makes between them.*

1. The **purchase order** (PO): what we ordered, at what price.
2. The **goods received note** (GRN): what actually arrived, recorded by the requester.
3. The **invoice**: what the supplier asks us to pay.

The system matches them automatically when the PO number is on the invoice. When it is missing,
search by supplier and amount, and **never** create a new PO to fit an invoice.

| Difference | What you do |
|---|---|
| Price differs by up to 2% | Post it; the system records the variance |
| Price differs by more than 2% | Put the invoice **on hold** and query the buyer |
| Quantity invoiced > quantity received | On hold; ask the requester to confirm receipt |
| No PO at all | Return it to the supplier asking for the PO number |

## Posting

- Use the invoice date, not today's date, as the document date.
- The VAT code comes from the supplier record; change it only with a note explaining why.
- Attach the PDF of the invoice before you post: an invoice without its image fails audit.

## Month-end close

The books close on the **fifth working day** of each month. Invoices for the previous month
must be posted by the third working day, so that accruals can be checked. If something is
stuck on hold at that point, tell your team lead: it is not a failure, it is what the hold
is for.
"""

DATA_ENTRY_STANDARDS = """\
## One record, entered once, entered right

Most of our reporting, and every letter a customer receives, starts from a record you typed.
These standards keep our data clean enough to trust.

## Before you create a record, search

Search by **two** fields (e.g. surname and postcode) before creating anything new. A duplicate
customer means two half-histories and a customer who gets every letter twice.

## Formats

| Field | Standard | Example |
|---|---|---|
| Dates | Day month year, from the date picker | 03/02/2026 |
| Names | As the person writes them, capital first letter | McDonald, de Vries |
| Phone | International format, no spaces | +442079460000 |
| Postcodes | Capitals, with the space | SW1A 1AA |
| Amounts | Two decimals, no currency sign | 1250.00 |

## Free-text notes

Write notes a colleague can act on without asking you: **who** said **what**, **when**, and
**what happens next**. Never put bank details, health information or passwords in a note.

## When you are unsure

Park the record as *incomplete* and ask. An incomplete record is visible and gets fixed; a
guessed one looks right and spreads.

## Checking your own work

At the end of each batch, compare the count of documents with the count of records created.
If they differ, find out why before you start the next batch.
"""

SPREADSHEETS = """\
## Working with tables

Turn a range into a **table** (Insert > Table) before anything else: filters, totals and
formulas then grow with the data.

## Looking values up

`XLOOKUP(value, where_to_look, what_to_return)` finds a value in another table. Unlike
VLOOKUP, it does not break when someone inserts a column.

## Pivot tables

Select the table, Insert > PivotTable. Drag the category to *Rows* and the amount to
*Values*. Refresh (right-click > Refresh) after the data changes: a pivot table does not
update by itself.
"""

DATA_PROTECTION = """\
## What is personal data?

Anything that identifies a person, alone or combined: a name, an email address, a payroll
number, a photo, even "the only accountant in the Leeds office".

## Everyday rules

- Use personal data only for the purpose it was collected for.
- Never send it to a private email address or store it on a personal device.
- Lock your screen when you leave your desk (Windows key + L).

## A request from a person about their data

Someone may ask for a copy of their data or ask us to correct it. Forward the request to
HR **the same day**: we have one month to answer, and the clock starts when anyone of us
receives it.

## A breach

Sent to the wrong person? Lost a laptop? Tell HR **within 24 hours**, even if you are not
sure it matters. Reporting quickly is never held against you; hiding it is.
"""


def three_way_match_png() -> bytes:
    """A small diagram: three document boxes (PO, GRN, invoice) joined by a bar, as a PNG."""
    width, height = 360, 120
    colours = [(13, 110, 253), (25, 135, 84), (255, 193, 7)]
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            pixel = (255, 255, 255)
            box = x // 120
            inside_x = 15 <= x % 120 < 105
            if inside_x and 20 <= y < 80:
                pixel = colours[box]
            elif 92 <= y < 100 and 60 <= x < 300:
                pixel = (108, 117, 125)  # the match joining them
            row.extend(pixel)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def handout_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF handout with `title` and `lines` (Helvetica), built by hand."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 18 Tf", "72 760 Td", f"({escape(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        commands += ["0 -22 Td", f"({escape(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
