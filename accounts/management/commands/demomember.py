from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Member

DEMO_EMAIL = "budi.santoso@example.com"
DEMO_PASSWORD = "Pakai001"


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo member of the embedded set-up and print its login."
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
