from django import template

from accounts.core.identity import masked_email as mask
from accounts.selfservice.devices import describe

register = template.Library()


@register.filter
def masked_email(email: str) -> str:
    return mask(email)


@register.filter
def device_name(user_agent: str) -> str:
    return describe(user_agent)
