"""Pure webhook rules: the address rule and allow-list, sealing, signatures against the SDK's verifier."""

from __future__ import annotations

import ipaddress

import pytest

from lessonforge.domain.sealing import SealError, seal, unseal
from lessonforge.domain.webhooks import (
    AllowList,
    carried_ipv4,
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
        # IPv4 wrapped in IPv6: mapped, compatible, NAT64 (well-known and local-use), 6to4, Teredo.
        ("::ffff:10.0.0.1", True),
        ("::ffff:169.254.169.254", True),
        ("::127.0.0.1", True),
        ("::a9fe:a9fe", True),
        ("64:ff9b::7f00:1", True),
        ("64:ff9b::a9fe:a9fe", True),
        ("64:ff9b:1::a00:1", True),
        ("2002:a9fe:a9fe::", True),
        ("2002:7f00:1::", True),
        ("2002:a00:1::", True),
        ("2002:c0a8:101::1", True),
        ("2002:6440:1::", True),
        ("2002:0:0::", True),
        ("2001:0:4136:e378:8000:63bf:80ff:fefe", True),
        ("2001:0:a00:1:8000:63bf:3fff:fdd2", True),
    ],
)
def test_the_address_rule_refuses_every_non_public_address(address: str, forbidden: bool) -> None:
    assert is_forbidden_address(ipaddress.ip_address(address)) is forbidden


@pytest.mark.parametrize(
    ("address", "carried"),
    [
        ("2002:a9fe:a9fe::", ["169.254.169.254"]),
        ("::ffff:127.0.0.1", ["127.0.0.1"]),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", ["65.54.227.120", "192.0.2.45"]),
        ("2606:4700::1111", []),
    ],
)
def test_the_ipv4_addresses_an_ipv6_address_carries_are_found(address: str, carried: list[str]) -> None:
    found = carried_ipv4(ipaddress.IPv6Address(address))
    assert [str(a) for a in found] == carried


def test_a_6to4_address_is_refused_by_the_resolved_address_check_unless_the_operator_allows_it() -> None:
    assert refused_address("[2002:7f00:1::]", ["2002:7f00:1::"], AllowList.parse([])) == "2002:7f00:1::"
    assert refused_address("[2002:7f00:1::]", ["2002:7f00:1::"], AllowList.parse(["2002::/16"])) is None


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
