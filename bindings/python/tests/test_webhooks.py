"""Webhooks end to end: a local HTTP receiver (the standard library's, on 127.0.0.1) gets
fake-seam's signed deliveries after `seam.webhooks.create(url=…)` and a call that makes an
event; `SeamWebhook(webhook.secret).verify(body, headers)` answers the typed `Event`. Every way
a delivery can be wrong is refused (`WebhookError.NotGenuine`, or `NotAnEvent` for a signed
body that is no event), and the secret never shows in an error's text or in a repr."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import os
import pickle
import threading
import time
from typing import Dict, Iterator, List, Tuple

import pytest

import seam_core
from seam_core import Event, SeamWebhook, Seam, Webhook, WebhookError
from support import API_KEY, SYSTEM, FakeSeam

Delivery = Tuple[bytes, Dict[str, str]]


class Receiver:
    """An HTTP server on a free loopback port that keeps every POST (body, headers)."""

    def __init__(self) -> None:
        self.deliveries: List[Delivery] = []
        received = self.deliveries

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                received.append((body, {k: v for k, v in self.headers.items()}))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/seam-webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout: float = 10) -> List[Delivery]:
        deadline = time.monotonic() + timeout
        while len(self.deliveries) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.deliveries) >= count, f"{len(self.deliveries)} deliveries"
        return self.deliveries

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    try:
        yield r
    finally:
        r.stop()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Svix's signature, computed here independently of the core and of fake-seam."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def lower(headers: Dict[str, str]) -> Dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@pytest.fixture
def delivered(seam: Seam, fake: FakeSeam, receiver: Receiver) -> Tuple[Webhook, bytes, Dict[str, str]]:
    """A webhook to the receiver, and its first delivery: the event of a new ACS user."""
    webhook = seam.webhooks.create(url=receiver.url)
    assert webhook.url == receiver.url and webhook.secret and webhook.secret.startswith("whsec_")
    seam.acs.users.create(full_name="Jane Guest", acs_system_id=SYSTEM)
    body, headers = receiver.wait_for(1)[0]
    return webhook, body, headers


def test_a_delivery_verifies_to_its_typed_event(
    seam: Seam, fake: FakeSeam, delivered: Tuple[Webhook, bytes, Dict[str, str]]
) -> None:
    webhook, body, headers = delivered
    assert webhook.secret is not None
    event = SeamWebhook(webhook.secret).verify(body, headers)
    assert isinstance(event, Event)
    assert event.event_type == "acs_user.created" and event.event_type == seam_core.EventType.ACS_USER_CREATED
    assert event.acs_system_id == SYSTEM and event.acs_user_id
    assert event == seam.events.get(event_id=event.event_id)
    # The same as text, and headers of any letter case.
    assert SeamWebhook(webhook.secret).verify(body.decode(), headers) == event
    assert SeamWebhook(webhook.secret).verify(body, {k.upper(): v for k, v in headers.items()}) == event
    assert SeamWebhook(webhook.secret).verify(body, {k.title(): v for k, v in headers.items()}) == event
    (record,) = [d for d in fake.webhook_deliveries() if d["event_id"] == event.event_id]
    assert record["svix_id"] == lower(headers)["svix-id"] and record["done"]


def test_the_signature_is_svixs(delivered: Tuple[Webhook, bytes, Dict[str, str]]) -> None:
    webhook, body, headers = delivered
    h = lower(headers)
    assert webhook.secret is not None
    assert sign(webhook.secret, h["svix-id"], int(h["svix-timestamp"]), body) in h["svix-signature"].split()


def refused(webhook: SeamWebhook, body: bytes, headers: Dict[str, str]) -> WebhookError:
    with pytest.raises(WebhookError) as raised:
        webhook.verify(body, headers)
    return raised.value


def test_every_wrong_delivery_is_refused(delivered: Tuple[Webhook, bytes, Dict[str, str]]) -> None:
    webhook, body, headers = delivered
    secret = webhook.secret
    assert secret is not None
    verifier = SeamWebhook(secret)
    h = lower(headers)
    msg_id = h["svix-id"]
    now = int(time.time())
    other_secret = "whsec_" + base64.b64encode(os.urandom(24)).decode()

    errors: List[WebhookError] = []
    # A body changed by one byte.
    tampered = body.replace(b"acs_user.created", b"acs_user.deleted")
    assert tampered != body
    errors.append(refused(verifier, tampered, headers))
    errors.append(refused(verifier, body + b" ", headers))
    # Another webhook's secret.
    errors.append(refused(SeamWebhook(other_secret), body, headers))
    # Signed right, but 6 minutes old (the tolerance is 5), or 6 minutes ahead.
    for moment in (now - 360, now + 360):
        old = {**h, "svix-timestamp": str(moment), "svix-signature": sign(secret, msg_id, moment, body)}
        errors.append(refused(verifier, body, old))
    # Each header missing.
    for name in ("svix-id", "svix-timestamp", "svix-signature"):
        errors.append(refused(verifier, body, {k: v for k, v in h.items() if k != name}))
    # A timestamp that is not a number; a signature of another version; no good signature.
    errors.append(refused(verifier, body, {**h, "svix-timestamp": "soon"}))
    v2 = h["svix-signature"].replace("v1,", "v2,")
    errors.append(refused(verifier, body, {**h, "svix-signature": v2}))
    bad = [sign(other_secret, msg_id, now, body), "v1,AAAA", "v1,not base64!"]
    errors.append(refused(verifier, body, {**h, "svix-signature": " ".join(bad)}))
    assert all(isinstance(e, seam_core.NotGenuine) for e in errors), errors
    assert all(isinstance(e, WebhookError.NotGenuine) for e in errors)
    # One good signature among bad ones is enough (Svix lists one per key while keys rotate).
    fresh = {**h, "svix-timestamp": str(now)}
    good = sign(secret, msg_id, now, body)
    fresh["svix-signature"] = " ".join([bad[0], good, bad[1]])
    assert verifier.verify(body, fresh).event_type == "acs_user.created"

    # Signed right but not an event: NotAnEvent (acknowledge it; it will never read).
    for text in (b"not json", b'{"event_id": 5}', b"[]"):
        signed = {**fresh, "svix-signature": sign(secret, msg_id, now, text)}
        not_event = refused(verifier, text, signed)
        assert isinstance(not_event, seam_core.NotAnEvent), not_event
        errors.append(not_event)

    # The secret is never in what an error or a verifier shows.
    key = secret.removeprefix("whsec_")
    for error in errors:
        assert isinstance(error.reason, str) and error.reason
        for text in (str(error), repr(error), error.reason, repr(pickle.loads(pickle.dumps(error)))):
            assert secret not in text and key not in text, text
    for shown in (repr(verifier), str(verifier), repr(webhook), str(webhook)):
        assert secret not in shown and key not in shown, shown
    assert "whsec_" in repr(webhook)


def test_a_bad_secret_is_refused_without_showing_it() -> None:
    for secret in ("whsec_not base64!", "not-a-secret", ""):
        with pytest.raises(seam_core.SeamError) as raised:
            SeamWebhook(secret)
        if secret:
            assert secret not in str(raised.value) and secret not in repr(raised.value)


def test_tolerance_is_in_seconds(delivered: Tuple[Webhook, bytes, Dict[str, str]]) -> None:
    webhook, body, headers = delivered
    assert webhook.secret is not None
    h = lower(headers)
    moment = int(time.time()) - 60
    old = {**h, "svix-timestamp": str(moment), "svix-signature": sign(webhook.secret, h["svix-id"], moment, body)}
    assert SeamWebhook(webhook.secret).verify(body, old).event_type == "acs_user.created"
    with pytest.raises(seam_core.NotGenuine):
        SeamWebhook(webhook.secret, tolerance=30).verify(body, old)


def test_deliveries_follow_the_webhooks_event_types(seam: Seam, fake: FakeSeam, receiver: Receiver) -> None:
    webhook = seam.webhooks.create(url=receiver.url, event_types=["acs_user.deleted"])
    assert webhook.secret is not None
    user = seam.acs.users.create(full_name="Short Stay", acs_system_id=SYSTEM)
    seam.acs.users.delete(acs_user_id=user.acs_user_id)
    body, headers = receiver.wait_for(1)[0]
    time.sleep(0.3)  # nothing else comes
    assert len(receiver.deliveries) == 1
    event = SeamWebhook(webhook.secret).verify(body, headers)
    assert (event.event_type, event.acs_user_id) == ("acs_user.deleted", user.acs_user_id)
    assert json.loads(body)["event_type"] == "acs_user.deleted"
    seam.webhooks.delete(webhook_id=webhook.webhook_id)
    with pytest.raises(seam_core.Api) as gone:
        seam.webhooks.get(webhook_id=webhook.webhook_id)
    assert gone.value.code == "webhook_not_found"
