"""
Loading the participant registry from CSV (nik,kpj,full_name,date_of_birth).

Invariants:
- Idempotent: a row for a NIK that exists updates it; loading a file twice changes
  nothing the second time.
- Bounded memory: rows are read one by one and written in batches, so a file of a
  million rows needs no more memory than one batch.
- A bad row is rejected with its line number and reason; it never stops the load.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Participant

BATCH_SIZE = 5000
COLUMNS = ["nik", "kpj", "full_name", "date_of_birth"]
NIK = re.compile(r"\d{16}")
KPJ = re.compile(r"\d{8,15}")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list = field(default_factory=list)  # (line, reason)


def parse_row(row: dict) -> Participant:
    """A Participant from one CSV row; ValueError with the reason if it is bad."""
    nik, kpj = row.get("nik", "").strip(), row.get("kpj", "").strip()
    name = " ".join(row.get("full_name", "").split())
    if not NIK.fullmatch(nik):
        raise ValueError("NIK must be 16 digits")
    if not KPJ.fullmatch(kpj):
        raise ValueError("KPJ must be 8 to 15 digits")
    if not name or len(name) > 150:
        raise ValueError("full name missing or longer than 150 characters")
    try:
        born = date.fromisoformat(row.get("date_of_birth", "").strip())
    except ValueError:
        raise ValueError("date of birth must be YYYY-MM-DD") from None
    if not date(1900, 1, 1) <= born <= timezone.localdate():
        raise ValueError("date of birth out of range")
    return Participant(nik=nik, kpj_number=kpj, full_name=name, date_of_birth=born)


def import_participants(lines) -> ImportReport:
    """Load CSV text lines (with a header) into the registry; return what happened."""
    report = ImportReport()
    reader = csv.DictReader(lines)
    missing = set(COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"missing columns: {', '.join(sorted(missing))}")
    batch = {}
    for row in reader:
        try:
            participant = parse_row(row)
        except ValueError as error:
            report.rejected.append((reader.line_num, str(error)))
            continue
        batch[participant.nik] = participant  # a later row for a NIK wins
        if len(batch) >= BATCH_SIZE:
            _write(batch, report)
            batch = {}
    _write(batch, report)
    return report


def _write(batch: dict, report: ImportReport) -> None:
    if not batch:
        return
    fields = ["kpj_number", "full_name", "date_of_birth"]
    with transaction.atomic():
        existing = Participant.objects.in_bulk(list(batch), field_name="nik")
        changed = []
        for nik, new in batch.items():
            old = existing.get(nik)
            if old is None:
                continue
            if all(getattr(old, name) == getattr(new, name) for name in fields):
                report.unchanged += 1
                continue
            for name in fields:
                setattr(old, name, getattr(new, name))
            changed.append(old)
        fresh = [new for nik, new in batch.items() if nik not in existing]
        Participant.objects.bulk_create(fresh)
        Participant.objects.bulk_update(changed, fields + ["updated_at"])
    report.added += len(fresh)
    report.updated += len(changed)
