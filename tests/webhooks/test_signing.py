"""The signature scheme: HMAC-SHA256 over "<timestamp>.<body>", with a freshness window."""

from __future__ import annotations

import hashlib
import hmac

from backoffice.webhooks import signing

SECRET = "whsec_test-secret"
BODY = b'{"data": {"application_id": 7}, "id": "e1", "type": "application.created"}'


def test_the_header_is_the_hmac_of_timestamp_dot_body():
    header = signing.signature_header(SECRET, 1_764_614_400, BODY)
    expected = hmac.new(SECRET.encode(), b"1764614400." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1764614400,v1={expected}"


def test_a_genuine_signature_verifies_within_the_window():
    header = signing.signature_header(SECRET, 1_000_000, BODY)
    assert signing.signature_verify(secret=SECRET, header=header, body=BODY, now=1_000_000)
    assert signing.signature_verify(secret=SECRET, header=header, body=BODY, now=1_000_299)


def test_tampering_a_wrong_secret_or_an_old_timestamp_fails():
    header = signing.signature_header(SECRET, 1_000_000, BODY)
    now = 1_000_010
    assert not signing.signature_verify(secret=SECRET, header=header, body=BODY + b" ", now=now)
    assert not signing.signature_verify(secret="whsec_other", header=header, body=BODY, now=now)
    # A captured request sent again later: the signed time is too old.
    assert not signing.signature_verify(secret=SECRET, header=header, body=BODY, now=1_000_301)
    # The timestamp is signed: moving it forward breaks the signature.
    forged = header.replace("t=1000000", "t=1000010")
    assert not signing.signature_verify(secret=SECRET, header=forged, body=BODY, now=now)
    for broken in ("", "t=abc,v1=00", "v1=00", "t=1000000"):
        assert not signing.signature_verify(secret=SECRET, header=broken, body=BODY, now=now)
