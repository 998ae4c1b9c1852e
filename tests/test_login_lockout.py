"""Failed logins lock the username from that address, and the username everywhere once guesses
from many addresses add up; never other users, and behind the proxy the client's own address."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery"


@pytest.fixture
def users(db):
    return [User.objects.create_user(name, password=PASSWORD, is_staff=True) for name in ("alice", "bob")]


def login(username, password, address, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def fail(username, address, times, **headers):
    for _ in range(times):
        assert not login(username, "wrong", address, **headers)


def test_failures_from_one_address_lock_that_username_there_only(users, settings):
    fail("alice", "10.1.1.1", settings.AXES_FAILURE_LIMIT)
    assert not login("alice", PASSWORD, "10.1.1.1")
    assert login("bob", PASSWORD, "10.1.1.1")  # another user at the same address
    assert login("alice", PASSWORD, "10.2.2.2")  # the same user elsewhere


def test_guesses_spread_over_many_addresses_lock_the_account(users, settings):
    per_address = settings.AXES_FAILURE_LIMIT - 1  # never enough to lock any one address
    for n in range(20):
        fail("alice", f"10.9.0.{n}", per_address)
    assert not login("alice", PASSWORD, "10.3.3.3")
    assert login("bob", PASSWORD, "10.3.3.3")


def test_a_few_failures_from_other_addresses_do_not_lock_the_account(users, settings):
    for n in range(3):
        fail("alice", f"10.8.0.{n}", settings.AXES_FAILURE_LIMIT - 1)
    assert login("alice", PASSWORD, "10.4.4.4")


@pytest.fixture
def behind_proxy(settings):
    for name, value in settings.AXES_PROXY_SETTINGS.items():
        setattr(settings, name, value)


def test_behind_the_proxy_each_client_is_its_own_address(users, behind_proxy, settings):
    proxy = "10.0.0.2"
    fail("alice", proxy, settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert not login("alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # A client cannot pose as another by putting addresses of its own to the left.
    assert not login("alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
    assert login("alice", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")


def test_behind_proxy_turns_on_the_forwarded_address_and_only_then(tmp_path):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.AXES_IPWARE_PROXY_ORDER)"
    env = {**os.environ, "CQPORTAL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cqportal.settings"}
    env.pop("BEHIND_PROXY", None)

    def order(**extra):
        result = subprocess.run([sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert order(BEHIND_PROXY="1") == "right-most"
    assert order() == "left-most"  # axes's default, with REMOTE_ADDR only
