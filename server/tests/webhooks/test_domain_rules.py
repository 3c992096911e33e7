"""Pure webhook rules: the address rule and allow-list, sealing, signatures against the SDK's verifier."""

from __future__ import annotations

import ipaddress

import pytest

from lessonforge.domain.sealing import SealError, seal, unseal
from lessonforge.domain.webhooks import (
    AllowList,
    generate_secret,
    hex_signature,
    is_forbidden_address,
    pin_to_address,
    refused_address,
    retry_delay,
)
from lessonforge_client.webhooks import hex_signature as sdk_hex_signature


@pytest.mark.parametrize(
    ("address", "forbidden"),
    [
        ("93.184.215.14", False),
        ("2606:4700::1111", False),
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("100.64.0.1", True),
        ("169.254.169.254", True),
        ("::ffff:127.0.0.1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("239.1.1.1", True),
        ("240.0.0.1", True),
    ],
)
def test_the_address_rule_refuses_every_non_public_address(address: str, forbidden: bool) -> None:
    assert is_forbidden_address(ipaddress.ip_address(address)) is forbidden


def test_the_allow_list_takes_host_names_addresses_and_networks() -> None:
    allowed = AllowList.parse(["Hooks.Internal", "10.0.0.0/8", "127.0.0.1"])
    assert refused_address("hooks.internal", ["192.168.1.1"], allowed) is None
    assert refused_address("svc", ["10.9.8.7", "93.184.215.14"], allowed) is None
    assert refused_address("svc", ["10.9.8.7", "192.168.1.1"], allowed) == "192.168.1.1"
    assert refused_address("localhost", ["::1"], allowed) == "::1"


def test_sealed_secrets_round_trip_and_refuse_tampering_or_another_key() -> None:
    secret = generate_secret()
    sealed = seal(secret, "server-key", "webhook-secret")
    assert secret not in sealed and seal(secret, "server-key", "webhook-secret") != sealed
    assert unseal(sealed, "server-key", "webhook-secret") == secret
    with pytest.raises(SealError):
        unseal(sealed, "other-key", "webhook-secret")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SealError):
        unseal(tampered, "server-key", "webhook-secret")


def test_the_hex_signature_matches_the_sdk_and_the_schedule_ends_after_its_last_entry() -> None:
    body = b'{"event":"content.completed"}'
    assert hex_signature(body, "whsec_abc") == sdk_hex_signature(body, "whsec_abc")
    assert [retry_delay(n, (5, 25, 125, 600, 3600, 21600)) for n in (1, 6, 7)] == [5, 21600, None]


@pytest.mark.parametrize(
    ("url", "address", "expected"),
    [
        (
            "http://hooks.example.com/in?x=1",
            "93.184.216.34",
            ("http://93.184.216.34/in?x=1", "hooks.example.com", None),
        ),
        (
            "https://hooks.example.com:8443/in",
            "2606:2800:220:1::1",
            ("https://[2606:2800:220:1::1]:8443/in", "hooks.example.com:8443", "hooks.example.com"),
        ),
        ("http://[2001:db8::5]:9000/h", "2001:db8::5", ("http://[2001:db8::5]:9000/h", "[2001:db8::5]:9000", None)),
    ],
)
def test_a_request_is_pinned_to_the_checked_address_and_keeps_its_name(
    url: str, address: str, expected: tuple[str, str, str | None]
) -> None:
    pinned = pin_to_address(url, address)
    assert (pinned.url, pinned.host_header, pinned.tls_server_name) == expected
