"""The candidate import's upload: a UTF-8 CSV of at most IMPORT_MAX_ROWS rows."""

from __future__ import annotations

import csv
import io

from django import forms

from recruiting.services.imports import CSV_COLUMNS, IMPORT_MAX_ROWS, ImportMode

MEGABYTE = 1024 * 1024
# 10,000 rows of seven columns fit well within this; a bigger file is refused before parsing.
IMPORT_MAX_BYTES = 5 * MEGABYTE


class CandidateImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"Columns: {', '.join(CSV_COLUMNS)}. At most {IMPORT_MAX_ROWS:,} rows.",
    )
    mode = forms.ChoiceField(
        label="If some rows are bad or duplicates",
        choices=ImportMode.CHOICES,
        widget=forms.RadioSelect,
        initial=ImportMode.ALL_OR_NOTHING,
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        too_many = (
            f"At most {IMPORT_MAX_ROWS:,} rows can be imported at once: "
            "split it into smaller files."
        )
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {IMPORT_MAX_BYTES // MEGABYTE} MB. {too_many}"
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text (CSV).") from None
        try:
            rows = sum(1 for row in csv.reader(io.StringIO(text)) if row) - 1  # not the header
        except csv.Error as error:
            raise forms.ValidationError(f"The file is not readable as CSV: {error}.") from None
        if rows > IMPORT_MAX_ROWS:
            raise forms.ValidationError(f"The file has {rows:,} rows. {too_many}")
        return text
