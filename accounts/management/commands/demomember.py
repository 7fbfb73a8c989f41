from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Member, Participant

DEMO_EMAIL = "budi.santoso@example.com"
DEMO_PASSWORD = "Pakai001"
# A worker in the registry without an account, to try "Daftar" with.
DEMO_PARTICIPANT = {
    "nik": "3174015708950002",
    "kpj_number": "19000000002",
    "full_name": "Sri Wahyuni",
    "date_of_birth": date(1995, 8, 17),
}


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo member of the embedded set-up and print its "
        "login; add a demo participant to register with."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        member, _ = Member.objects.update_or_create(
            email=DEMO_EMAIL,
            defaults={
                "full_name": "Budi Santoso",
                "nik": "3174012345678901",
                "kpj_number": "19000000001",
                "email_verified_at": now,
                "data_updated_at": now,
                "failed_login_count": 0,
                "locked_until": None,
            },
        )
        member.set_password(DEMO_PASSWORD)
        member.save(update_fields=["password"])
        self.stdout.write(
            f"Demo member: {DEMO_EMAIL} / {DEMO_PASSWORD} "
            "(reset codes are printed in this console)"
        )
        participant = DEMO_PARTICIPANT
        Participant.objects.update_or_create(
            nik=participant["nik"], defaults=participant
        )
        registered = Member.objects.filter(nik=participant["nik"]).exists()
        born = f"{participant['date_of_birth']:%d/%m/%Y}"
        self.stdout.write(
            f"Demo participant for Daftar: NIK {participant['nik']}, "
            f"KPJ {participant['kpj_number']}, born {born}"
            + (" (already registered)" if registered else "")
        )
