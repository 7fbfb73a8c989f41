"""Two gunicorn instances and a worker: nothing may depend on one process's memory."""

import pytest

from .services import Browser, running_stack, wait_for_code
from .test_smtp import smtp_inbox  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(tmp_path, smtp_inbox, settings):  # noqa: F811
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    with running_stack(tmp_path, smtp_inbox, port) as running:
        yield running


def test_two_instances_share_codes_sessions_and_throttles(stack, member_factory):
    (a, b), inbox, _ = stack
    member = member_factory(email="dua@example.com")
    person = Browser()

    status, url, _ = person.post(a + "/forgot-password/", {"email": member.email})
    assert url == a + "/forgot-password/code/"
    code = wait_for_code(inbox)  # sent by the worker, not by instance A

    status, url, _ = person.post(b + "/forgot-password/code/", {"code": code})
    assert url == b + "/forgot-password/new-password/"
    data = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    status, url, page = person.post(b + "/forgot-password/new-password/", data)
    assert "Success" in page

    person.post(a + "/login/", {"email": member.email, "password": "BPjs234"})
    _, home = person.get(b + "/")
    assert member.full_name in home  # the session started on A is valid on B

    stranger = Browser()
    statuses = [
        stranger.post(base + "/forgot-password/", {"email": "x@example.com"})[0]
        for base in (b, a, b)
    ]
    assert statuses == [200, 200, 429]  # 3 an hour from this IP, counted across both
