from django.tasks import task
from django.utils import translation

from accounts.core import emails
from accounts.core.tasks import MAIL_ERRORS, logger, mailbox_has_room, retry_later
from accounts.models import Member


@task
def send_email_changed(
    member_pk: int, old_email: str, language: str, attempt: int = 0
) -> str:
    """Tell the old address that the account now uses another one."""
    member = Member.objects.filter(pk=member_pk).first()
    if member is None:
        return "unknown_member"
    if attempt == 0 and not mailbox_has_room(old_email):
        return "mailbox_daily_cap"
    try:
        with translation.override(language):
            emails.send_email_changed(member, old_email)
    except MAIL_ERRORS as error:
        logger.warning("Email-changed notice to %s failed: %r", member_pk, error)
        if retry_later(send_email_changed, [member_pk, old_email, language], attempt):
            return "retry_scheduled"
        return "mail_failed"
    return "sent"
