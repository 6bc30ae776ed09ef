import pytest
from django.test import Client

from agency.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def test_login_with_the_right_password_reaches_home(client, db):
    UserFactory(username="emma")
    response = _login(client, "emma", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"


def test_wrong_password_is_refused_with_a_message(client, db):
    UserFactory(username="emma")
    response = _login(client, "emma", "wrong")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixth_try_is_locked_out_for_that_address_only(client, db):
    UserFactory(username="emma")
    for _ in range(5):
        _login(client, "emma", "wrong")

    locked = _login(client, "emma", PASSWORD)
    assert locked.status_code == 429
    assert "locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    elsewhere = _login(Client(), "emma", PASSWORD, ip="10.0.0.2")
    assert elsewhere.status_code == 302


def test_every_page_but_login_needs_a_login(client, db):
    for path in ("/", "/clients/", "/accounts/", "/requests/", "/requests/new/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "login" in response.url
    assert client.get("/login/").status_code == 200


def test_logout_is_a_post(client, db):
    client.force_login(UserFactory())
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_changing_password_ends_the_users_other_sessions(db):
    user = UserFactory(username="emma")
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)

    response = here.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a much better passphrase 42",
            "new_password2": "a much better passphrase 42",
        },
    )

    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


@pytest.mark.parametrize("role", list(User.Role))
def test_each_role_gets_its_own_home(client, db, role):
    client.force_login(UserFactory(role=role, first_name="Kim"))
    response = client.get("/")
    assert response.status_code == 200
    assert f"agency/home_{role}.html" in [t.name for t in response.templates]
    assert "Good to see you, Kim" in response.content.decode()


def test_language_choice_is_remembered_on_the_user(db):
    user = UserFactory()
    browser = Client()
    browser.force_login(user)
    browser.post("/language/", {"language": "de", "next": "/requests/"})
    user.refresh_from_db()
    assert user.language == "de"

    other_device = Client()
    other_device.force_login(user)
    page = other_device.get("/")
    assert 'lang="de"' in page.content.decode()
    assert "Anfrage erfassen" in page.content.decode()


def test_language_switch_does_not_redirect_off_site(client, db):
    client.force_login(UserFactory())
    response = client.post("/language/", {"language": "de", "next": "https://evil.example/"})
    assert response.url == "/"


@pytest.mark.parametrize("role", list(User.Role))
def test_home_query_count_is_flat(client, world, role, django_assert_max_num_queries):
    from tests.factories import AccountFactory, MembershipFactory, RequestFactory

    user = world.user(role)
    client.force_login(user)
    for _ in range(2):
        for _ in range(15):
            account = AccountFactory()
            MembershipFactory(account=account, user=user)
            RequestFactory.create_batch(3, account=account, owner=user)
        with django_assert_max_num_queries(18):
            assert client.get("/").status_code == 200
