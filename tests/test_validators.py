"""Each password validator, the way Django's own auth_tests/test_validators.py does."""

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import Member
from accounts.validators import (
    DigitValidator,
    LowercaseValidator,
    MaximumLengthValidator,
    MinimumLengthValidator,
    UppercaseValidator,
)


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
        assert error.messages == ["Kata sandi terlalu pendek. Minimal 6 karakter."]

    def test_help_text(self):
        assert (
            MinimumLengthValidator().get_help_text() == "Kata sandi minimal 6 karakter."
        )


class TestMaximumLengthValidator:
    def test_128_characters_pass(self):
        assert MaximumLengthValidator().validate("Aa1" + "x" * 125) is None

    def test_129_characters_fail(self):
        error = error_of(MaximumLengthValidator(), "Aa1" + "x" * 126)
        assert error.code == "password_too_long"
        assert error.params == {"max_length": 128}
        assert error.messages == ["Kata sandi terlalu panjang. Maksimal 128 karakter."]

    def test_help_text(self):
        assert MaximumLengthValidator().get_help_text() == (
            "Kata sandi maksimal 128 karakter."
        )


class TestUppercaseValidator:
    def test_password_with_uppercase_passes(self):
        assert UppercaseValidator().validate("pakaI001") is None

    def test_password_without_uppercase_fails(self):
        error = error_of(UppercaseValidator(), "pakai001")
        assert error.code == "password_no_upper"
        assert error.messages == [
            "Kata sandi harus mengandung minimal satu huruf besar."
        ]

    def test_help_text(self):
        assert "huruf besar" in UppercaseValidator().get_help_text()


class TestLowercaseValidator:
    def test_password_with_lowercase_passes(self):
        assert LowercaseValidator().validate("PAKAi001") is None

    def test_password_without_lowercase_fails(self):
        error = error_of(LowercaseValidator(), "PAKAI001")
        assert error.code == "password_no_lower"
        assert error.messages == [
            "Kata sandi harus mengandung minimal satu huruf kecil."
        ]

    def test_help_text(self):
        assert "huruf kecil" in LowercaseValidator().get_help_text()


class TestDigitValidator:
    def test_password_with_digit_passes(self):
        assert DigitValidator().validate("Pakaiaja7") is None

    def test_password_without_digit_fails(self):
        error = error_of(DigitValidator(), "Pakaiaja")
        assert error.code == "password_no_digit"
        assert error.messages == [
            "Kata sandi harus mengandung minimal satu angka (0–9)."
        ]

    def test_superscript_digit_does_not_count(self):
        error = error_of(DigitValidator(), "Pakaiaja²")
        assert error.code == "password_no_digit"

    def test_help_text(self):
        assert "angka" in DigitValidator().get_help_text()


@pytest.mark.parametrize("password", ["Pakai001", "BPjs234"])
def test_product_examples_pass_every_configured_validator(password):
    assert validate_password(password) is None


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("pakai001", ["password_no_upper"]),
        ("PAKAI001", ["password_no_lower"]),
        ("Pakaiaja", ["password_no_digit"]),
        ("Pk01", ["password_too_short"]),
        ("Aa1" + "x" * 200, ["password_too_long"]),
    ],
)
def test_weak_passwords_fail_with_exactly_their_rules(password, codes):
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert [error.code for error in caught.value.error_list] == codes


def test_common_password_is_refused_even_when_it_meets_the_rule():
    with pytest.raises(ValidationError) as caught:
        validate_password("Password1")
    assert [error.code for error in caught.value.error_list] == ["password_too_common"]


def test_createsuperuser_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "pakai001")
    with pytest.raises(CommandError, match="huruf besar"):
        call_command(
            "createsuperuser",
            "--noinput",
            email="admin@example.com",
            full_name="Admin",
            stdout=StringIO(),
        )
    assert not Member.objects.exists()


def test_createsuperuser_accepts_a_password_that_meets_the_rule(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "BPjs234")
    call_command(
        "createsuperuser",
        "--noinput",
        email="admin@example.com",
        full_name="Admin",
        stdout=StringIO(),
    )
    assert Member.objects.get().check_password("BPjs234")


def test_changepassword_refuses_weak_passwords_until_it_gives_up(member, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "pakai001")
    with pytest.raises(CommandError, match="Aborting"):
        call_command(
            "changepassword", member.email, stdout=StringIO(), stderr=StringIO()
        )
    member.refresh_from_db()
    assert member.check_password("Lama1234")
