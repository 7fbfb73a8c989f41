"""The participant registry and `importparticipants`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Participant
from accounts.registration.participants import import_participants

HEADER = "nik,kpj,full_name,date_of_birth\n"
GOOD = "3174000000000001,19000000001,Siti Aminah,1990-05-17\n"


def load(text):
    return import_participants(StringIO(HEADER + text))


def test_rows_are_added(db):
    report = load(GOOD + "3174000000000002,19000000002,Budi  Santoso,1985-01-02\n")
    assert (report.added, report.updated, report.rejected) == (2, 0, [])
    assert Participant.objects.get(nik="3174000000000002").full_name == "Budi Santoso"


def test_loading_twice_changes_nothing(db):
    load(GOOD)
    report = load(GOOD)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert Participant.objects.count() == 1


def test_a_changed_row_updates_the_participant(db):
    load(GOOD)
    report = load("3174000000000001,19000000099,Siti Aminah,1990-05-17\n")
    assert report.updated == 1
    assert Participant.objects.get().kpj_number == "19000000099"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("317400000000000,19000000001,Siti,1990-05-17", "NIK must be 16 digits"),
        ("3174000000000001,19A,Siti,1990-05-17", "KPJ must be 8 to 15 digits"),
        ("3174000000000001,19000000001,,1990-05-17", "full name missing"),
        ("3174000000000001,19000000001,Siti,17-05-1990", "YYYY-MM-DD"),
        ("3174000000000001,19000000001,Siti,2999-01-01", "out of range"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_reason(db, row, reason):
    report = load(GOOD.replace("0001,", "0009,") + row + "\n")
    assert report.added == 1
    assert len(report.rejected) == 1
    line, message = report.rejected[0]
    assert line == 3 and reason in message


def test_batches_bound_what_is_held_in_memory(db, monkeypatch):
    monkeypatch.setattr("accounts.registration.participants.BATCH_SIZE", 2)
    rows = "".join(
        f"31740000000000{n:02d},190000000{n:02d},Peserta {n},1990-01-01\n"
        for n in range(7)
    )
    assert load(rows).added == 7
    assert Participant.objects.count() == 7


def test_command_reports_and_lists_rejections(db, tmp_path):
    csv_file = tmp_path / "peserta.csv"
    csv_file.write_text(HEADER + GOOD + "123,1,X,1990-01-01\n")
    out, err = StringIO(), StringIO()
    call_command("importparticipants", str(csv_file), stdout=out, stderr=err)
    assert "Added 1, updated 0, unchanged 0, rejected 1" in out.getvalue()
    assert "line 3: NIK must be 16 digits" in err.getvalue()


def test_command_refuses_a_missing_file_or_header(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot import"):
        call_command("importparticipants", str(tmp_path / "none.csv"))
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("nik,name\n1,2\n")
    with pytest.raises(CommandError, match="missing columns"):
        call_command("importparticipants", str(wrong))


def test_admin_shows_participants_read_only(client, member_factory):
    load(GOOD)
    client.force_login(member_factory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_participant_changelist")).text
    assert "Siti Aminah" in page
    assert client.get(reverse("admin:accounts_participant_add")).status_code == 403
