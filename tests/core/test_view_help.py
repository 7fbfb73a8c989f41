from django.urls import reverse

HELP = reverse("accounts:help")


def test_shows_every_help_contact_as_a_working_link(client):
    page = client.get(HELP).text
    assert "<h1>Bantuan Login</h1>" in page
    for link in [
        'href="tel:175"',
        'href="mailto:care@bpjsketenagakerjaan.go.id"',
        'href="https://twitter.com/bpjstkinfo"',
        'href="https://www.facebook.com/BPJSTKinfo"',
    ]:
        assert link in page
    assert "@bpjstkinfo" in page and "BPJS Ketenagakerjaan" in page


def test_explains_a_code_that_does_not_arrive(client):
    page = client.get(HELP).text
    assert '<section class="help-section" id="code"' in page
    for advice in ["folder spam", "Hanya kode terbaru yang berlaku", "5 kode per jam"]:
        assert advice in page
    assert "10 kode per hari" in page


def test_explains_a_locked_account_and_how_a_reset_unlocks_it(client):
    page = client.get(HELP).text
    assert "akun dikunci selama 30 menit" in page
    assert 'href="/forgot-password/"' in page


def test_a_forgotten_or_dead_address_leads_to_the_call_centre(client):
    page = client.get(HELP).text
    assert "Saya lupa email akun saya, atau email saya sudah tidak aktif" in page
    assert '<a class="button button-secondary" href="tel:175">Telepon 175</a>' in page


def test_the_way_back_is_home_for_a_logged_in_member(client, member):
    client.force_login(member)
    assert 'href="/">Kembali ke Beranda</a>' in client.get(HELP).text
