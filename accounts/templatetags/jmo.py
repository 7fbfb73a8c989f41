from django import template

from accounts.devices import describe

register = template.Library()


@register.filter
def masked_email(email: str) -> str:
    """k***@gmail.com: enough for the owner to recognise, little for a bystander."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return email
    return f"{local[:1]}***@{domain}"


@register.filter
def device_name(user_agent: str) -> str:
    return describe(user_agent)
