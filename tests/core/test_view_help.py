from django.urls import reverse


def test_shows_every_help_contact(client):
    page = client.get(reverse("accounts:help")).text
    assert "<h1>Bantuan Login</h1>" in page
    for contact in [
        'href="tel:175"',
        "care@bpjsketenagakerjaan.go.id",
        "@bpjstkinfo",
        "BPJS Ketenagakerjaan",
    ]:
        assert contact in page
