"""Each password validator, the way Django's own auth_tests/test_validators.py does."""

from io import StringIO

import pytest
from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.core.validators import (
    DigitValidator,
    LowercaseValidator,
    MaximumLengthValidator,
    MinimumLengthValidator,
    UppercaseValidator,
)
from accounts.models import Member

NO_UPPER = "Kata sandi harus mengandung minimal satu huruf besar."
NO_LOWER = "Kata sandi harus mengandung minimal satu huruf kecil."
NO_DIGIT = "Kata sandi harus mengandung minimal satu angka (0–9)."
TOO_SHORT = "Kata sandi terlalu pendek. Minimal 6 karakter."
TOO_LONG = "Kata sandi terlalu panjang. Maksimal 128 karakter."
TOO_COMMON = "Kata sandi ini terlalu umum."


def error_of(validator, password):
    with pytest.raises(ValidationError) as caught:
        validator.validate(password)
    return caught.value.error_list[0]


class TestMinimumLengthValidator:
    def test_six_characters_pass(self):
        assert MinimumLengthValidator().validate("Pakai1") is None

    def test_five_characters_fail_with_indonesian_message(self):
        error = error_of(MinimumLengthValidator(), "Pak01")
        assert error.code == "password_too_short"
        assert error.params == {"min_length": 6}
        assert error.messages == [TOO_SHORT]

    def test_configured_minimum_is_in_the_message(self):
        error = error_of(MinimumLengthValidator(min_length=8), "Pakai01")
        assert error.params == {"min_length": 8}
        assert error.messages == ["Kata sandi terlalu pendek. Minimal 8 karakter."]

    def test_help_text(self):
        help_text = MinimumLengthValidator().get_help_text()
        assert help_text == "Kata sandi minimal 6 karakter."


class TestMaximumLengthValidator:
    def test_128_characters_pass(self):
        assert MaximumLengthValidator().validate("Aa1" + "x" * 125) is None

    def test_129_characters_fail_with_indonesian_message(self):
        error = error_of(MaximumLengthValidator(), "Aa1" + "x" * 126)
        assert error.code == "password_too_long"
        assert error.params == {"max_length": 128}
        assert error.messages == [TOO_LONG]

    def test_help_text(self):
        help_text = MaximumLengthValidator().get_help_text()
        assert help_text == "Kata sandi maksimal 128 karakter."


class TestUppercaseValidator:
    def test_password_with_one_uppercase_letter_passes(self):
        assert UppercaseValidator().validate("pakaI001") is None

    def test_password_without_uppercase_fails_with_indonesian_message(self):
        error = error_of(UppercaseValidator(), "pakai001")
        assert error.code == "password_no_upper"
        assert error.params is None
        assert error.messages == [NO_UPPER]

    def test_help_text(self):
        assert UppercaseValidator().get_help_text() == NO_UPPER


class TestLowercaseValidator:
    def test_password_with_one_lowercase_letter_passes(self):
        assert LowercaseValidator().validate("PAKAi001") is None

    def test_password_without_lowercase_fails_with_indonesian_message(self):
        error = error_of(LowercaseValidator(), "PAKAI001")
        assert error.code == "password_no_lower"
        assert error.params is None
        assert error.messages == [NO_LOWER]

    def test_help_text(self):
        assert LowercaseValidator().get_help_text() == NO_LOWER


class TestDigitValidator:
    def test_password_with_one_digit_passes(self):
        assert DigitValidator().validate("Pakaiaja7") is None

    def test_password_without_digit_fails_with_indonesian_message(self):
        error = error_of(DigitValidator(), "Pakaiaja")
        assert error.code == "password_no_digit"
        assert error.params is None
        assert error.messages == [NO_DIGIT]

    def test_superscript_digit_does_not_count(self):
        assert error_of(DigitValidator(), "Pakaiaja²").code == "password_no_digit"

    def test_help_text(self):
        assert DigitValidator().get_help_text() == NO_DIGIT


# --- The whole rule, through AUTH_PASSWORD_VALIDATORS ---------------------------


@pytest.mark.parametrize("password", ["Pakai001", "BPjs234"])
def test_product_examples_pass_every_configured_validator(password):
    assert validate_password(password) is None


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("pakai001", "password_no_upper", NO_UPPER),
        ("PAKAI001", "password_no_lower", NO_LOWER),
        ("Pakaiaja", "password_no_digit", NO_DIGIT),
        ("Pk01", "password_too_short", TOO_SHORT),
        ("Aa1" + "x" * 126, "password_too_long", TOO_LONG),
    ],
)
def test_password_breaking_one_rule_fails_with_that_rule_only(password, code, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert [error.code for error in caught.value.error_list] == [code]
    assert caught.value.messages == [message]


def test_password_breaking_several_rules_reports_each_of_them():
    with pytest.raises(ValidationError) as caught:
        validate_password("pak")
    codes = [error.code for error in caught.value.error_list]
    assert codes == ["password_too_short", "password_no_upper", "password_no_digit"]


def test_common_password_is_refused_even_when_it_meets_the_rule():
    for validator in [UppercaseValidator(), LowercaseValidator(), DigitValidator()]:
        validator.validate("Password1")
    with pytest.raises(ValidationError) as caught:
        validate_password("Password1")
    assert [error.code for error in caught.value.error_list] == ["password_too_common"]
    assert caught.value.messages == [TOO_COMMON]


def test_help_texts_list_every_rule_in_indonesian():
    help_texts = password_validators_help_texts()
    assert help_texts[:5] == [
        "Kata sandi minimal 6 karakter.",
        "Kata sandi maksimal 128 karakter.",
        NO_UPPER,
        NO_LOWER,
        NO_DIGIT,
    ]
    assert len(help_texts) == 6  # and CommonPasswordValidator's


# --- manage.py createsuperuser and changepassword -------------------------------


class InteractiveTerminal(StringIO):
    def isatty(self):
        return True


def create_superuser_without_prompt(monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    call_command(
        "createsuperuser",
        "--noinput",
        email="admin@example.com",
        full_name="Admin",
        stdout=StringIO(),
    )


def test_createsuperuser_refuses_a_weak_password(db, monkeypatch):
    with pytest.raises(CommandError, match="huruf besar"):
        create_superuser_without_prompt(monkeypatch, "pakai001")
    assert not Member.objects.exists()


def test_createsuperuser_accepts_a_six_character_password_that_meets_the_rule(
    db, monkeypatch
):
    create_superuser_without_prompt(monkeypatch, "BPjs234")
    assert Member.objects.get(is_superuser=True).check_password("BPjs234")


def test_createsuperuser_cannot_bypass_the_rule_at_the_prompt(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "pakai001")
    # Django asks "Bypass password validation and create user anyway? [y/N]".
    monkeypatch.setattr(createsuperuser, "input", lambda prompt="": "y", raising=False)
    with pytest.raises(CommandError, match="huruf besar"):
        call_command(
            "createsuperuser",
            interactive=True,
            email="admin@example.com",
            full_name="Admin",
            stdin=InteractiveTerminal(),
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not Member.objects.exists()


def test_changepassword_refuses_a_weak_password_until_it_gives_up(member, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "pakai001")
    stderr = StringIO()
    with pytest.raises(CommandError, match="Aborting"):
        call_command("changepassword", member.email, stdout=StringIO(), stderr=stderr)
    assert NO_UPPER in stderr.getvalue()
    member.refresh_from_db()
    assert member.check_password("Lama1234")


def test_changepassword_accepts_a_password_that_meets_the_rule(member, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "BPjs234")
    call_command("changepassword", member.email, stdout=StringIO())
    member.refresh_from_db()
    assert member.check_password("BPjs234")
