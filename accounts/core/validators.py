"""
The product's password rule, one validator per part, so that every form, the admin,
`changepassword` and `createsuperuser` enforce it through AUTH_PASSWORD_VALIDATORS.

At least 6 characters with an uppercase letter, a lowercase letter and a digit: the
JMO app's rule. It deliberately departs from NIST SP 800-63B (see the README).
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator:
    def __init__(self, min_length=6):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                self.get_error_message(),
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d "
            "character.",
            "This password is too short. It must contain at least %(min_length)d "
            "characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class MaximumLengthValidator:
    """Refuses absurdly long passwords before anything spends time hashing them."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                self.get_error_message(),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_error_message(self):
        return _(
            "This password is too long. It must contain at most %(max_length)d "
            "characters."
        ) % {"max_length": self.max_length}

    def get_help_text(self):
        return _("Your password must contain at most %(max_length)d characters.") % {
            "max_length": self.max_length
        }


class UppercaseValidator:
    def validate(self, password, user=None):
        if not any(character.isupper() for character in password):
            raise ValidationError(self.get_error_message(), code="password_no_upper")

    def get_error_message(self):
        return _("This password must contain at least one uppercase letter.")

    def get_help_text(self):
        return _("Your password must contain at least one uppercase letter.")


class LowercaseValidator:
    def validate(self, password, user=None):
        if not any(character.islower() for character in password):
            raise ValidationError(self.get_error_message(), code="password_no_lower")

    def get_error_message(self):
        return _("This password must contain at least one lowercase letter.")

    def get_help_text(self):
        return _("Your password must contain at least one lowercase letter.")


class DigitValidator:
    def validate(self, password, user=None):
        if not any(character in string.digits for character in password):
            raise ValidationError(self.get_error_message(), code="password_no_digit")

    def get_error_message(self):
        return _("This password must contain at least one digit (0–9).")

    def get_help_text(self):
        return _("Your password must contain at least one digit (0–9).")
