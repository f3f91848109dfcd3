"""NiceJob's webhook verification and OAuth2 consent URL."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from apiclients import errors
from apiclients.nicejob import oauth, webhooks
from apiclients.nicejob.types import WebhookDelivery

SECRET = "whsec-very-secret"
NOW = 1_700_000_000


def delivery(payload: dict[str, str], timestamp: int = NOW, secret: str = SECRET) -> bytes:
    body = {
        "payload": payload,
        "signature": {"signed_payload": webhooks.sign(payload, secret), "timestamp": timestamp},
    }
    return json.dumps(body).encode()


PAYLOAD = {"company_id": "c1", "entity_id": "p1", "event_code": "person.updated"}


def test_a_signed_delivery_verifies_and_parses() -> None:
    parsed = webhooks.verify(delivery(PAYLOAD), SECRET, now=NOW + 10)
    assert isinstance(parsed, WebhookDelivery)
    assert parsed.payload.entity_id == "p1"
    assert parsed.signature.timestamp == NOW


def test_the_signature_is_hmac_sha256_of_the_compact_payload() -> None:
    import hashlib
    import hmac

    expected = hmac.new(
        SECRET.encode(),
        b'{"company_id":"c1","entity_id":"p1","event_code":"person.updated"}',
        hashlib.sha256,
    ).hexdigest()
    assert webhooks.sign(PAYLOAD, SECRET) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (delivery({**PAYLOAD, "entity_id": "p2"}, secret="other"), "signature does not match"),
        (delivery(PAYLOAD).replace(b'"p1"', b'"p9"'), "signature does not match"),
        (delivery(PAYLOAD, timestamp=NOW - 3600), "tolerance 300s"),
        (b"<html>", "not JSON"),
        (b'{"payload": {}}', "no 'signature.signed_payload'"),
    ],
)
def test_a_bad_delivery_is_refused_without_showing_the_secret(body: bytes, message: str) -> None:
    with pytest.raises(errors.WebhookVerificationError, match=message) as info:
        webhooks.verify(body, SECRET, now=NOW)
    assert SECRET not in str(info.value)


def test_tolerance_can_be_widened() -> None:
    assert webhooks.verify(delivery(PAYLOAD, timestamp=NOW - 3600), SECRET, tolerance=7200, now=NOW)


def test_authorize_url() -> None:
    consent = oauth.authorize_url(
        client_id="app",
        redirect_uri="https://me.example/cb",
        scope=["people", "bookings"],
        state="xyz",
    )
    assert consent.state == "xyz" and consent.code_verifier is None
    parts = urlsplit(consent.url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://api.nicejob.com/oauth/authorize"
    )
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": ["app"],
        "redirect_uri": ["https://me.example/cb"],
        "scope": ["people bookings"],
        "state": ["xyz"],
    }
