"""Calls that answer an action attempt wait for it by default: the encoded credential comes
back; a failing encoder raises `ActionAttemptFailed`, a stuck one `ActionAttemptTimeout`, both
carrying the attempt; not waiting returns it pending; a 429 while polling is retried; a wait
that would never end is refused before anything is sent. On `AsyncSeam` the wait holds no
worker thread, and cancelling the awaiting task stops the polling at once."""

from __future__ import annotations

import asyncio
import time
from typing import Any, List

import pytest

import seam_core
from seam_core import (
    AcsCredential, ActionAttempt, AsyncSeam, Seam, ScanCredentialResult, UnlockDoorResult,
    WaitOptions,
)  # fmt: skip
from support import API_KEY, ENCODER, LOBBY, PIN, ROOM_101, USER, FakeSeam

POLL = "/action_attempts/get"
ENCODE = "/acs/encoders/encode_credential"


def card(seam: Seam) -> AcsCredential:
    return seam.acs.credentials.create(access_method="card", acs_user_id=USER)


def test_encoding_waits_and_answers_the_encoded_credential(seam: Seam, fake: FakeSeam) -> None:
    new = card(seam)
    assert new.is_issued in (None, False)
    attempt = seam.acs.encoders.encode_credential(
        acs_encoder_id=ENCODER, acs_credential_id=new.acs_credential_id
    )
    assert isinstance(attempt, ActionAttempt)
    assert attempt.status == "success" and attempt.action_type == "ENCODE_CREDENTIAL"
    assert attempt.error is None
    assert isinstance(attempt.result, AcsCredential)
    assert attempt.result.acs_credential_id == new.acs_credential_id
    assert attempt.result.is_issued is True and attempt.result.issued_at is not None
    assert fake.count(ENCODE) == 1 and fake.count(POLL) >= 1
    again = seam.acs.credentials.get(acs_credential_id=new.acs_credential_id)
    assert again.is_issued is True and again == attempt.result
    # The attempt is readable later, with the same typed result.
    read = seam.action_attempts.get(action_attempt_id=attempt.action_attempt_id)
    assert read == attempt


def test_other_kinds_of_attempts_have_their_typed_results(seam: Seam) -> None:
    new = card(seam)
    seam.acs.encoders.encode_credential(acs_encoder_id=ENCODER, acs_credential_id=new.acs_credential_id)
    scanned = seam.acs.encoders.scan_credential(acs_encoder_id=ENCODER)
    assert scanned.status == "success" and isinstance(scanned.result, ScanCredentialResult)
    on_seam = scanned.result.acs_credential_on_seam  # the card last encoded there
    assert isinstance(on_seam, AcsCredential) and on_seam.acs_credential_id == new.acs_credential_id
    opened = seam.acs.entrances.unlock(acs_entrance_id=ROOM_101, acs_credential_id=PIN)
    assert opened.status == "success" and isinstance(opened.result, UnlockDoorResult)
    assert opened.result.was_confirmed_by_device is True


def test_a_failing_encoder_raises_the_failed_attempt(seam: Seam, fake: FakeSeam) -> None:
    seam.acs.encoders.simulate.next_credential_encode_will_fail(acs_encoder_id=ENCODER)
    with pytest.raises(seam_core.ActionAttemptFailed) as raised:
        seam.acs.encoders.encode_credential(acs_encoder_id=ENCODER, acs_credential_id=PIN)
    error = raised.value
    assert isinstance(error, seam_core.SeamError)
    assert error.code == "no_credential_on_encoder"
    attempt = error.action_attempt
    assert isinstance(attempt, ActionAttempt)
    assert attempt.status == "error" and attempt.result is None
    assert attempt.error is not None and attempt.error.error_type == "no_credential_on_encoder"
    assert attempt.action_attempt_id in str(error) and error.reason
    assert fake.count(ENCODE) == 1


def test_a_stuck_encoder_times_out_within_the_timeout_and_one_interval(seam: Seam, fake: FakeSeam) -> None:
    fake.action_attempts(stuck=True)
    started = time.monotonic()
    with pytest.raises(seam_core.ActionAttemptTimeout) as raised:
        seam.acs.encoders.encode_credential(
            acs_encoder_id=ENCODER, acs_credential_id=PIN,
            wait_for_action_attempt=WaitOptions(timeout=0.6, polling_interval=0.1),
        )  # fmt: skip
    took = time.monotonic() - started
    assert 0.6 <= took < 0.6 + 0.1 + 0.4, took
    attempt = raised.value.action_attempt
    assert attempt.status == "pending" and attempt.action_attempt_id in str(raised.value)
    assert 4 <= fake.count(POLL) <= 8, fake.count(POLL)


def test_the_clients_wait_options_apply_to_every_call(fake: FakeSeam) -> None:
    fake.action_attempts(stuck=True)
    seam = Seam(api_key=API_KEY, endpoint=fake.url,
                wait_for_action_attempt=WaitOptions(timeout=0.3, polling_interval=0.05))  # fmt: skip
    started = time.monotonic()
    with pytest.raises(seam_core.ActionAttemptTimeout):
        seam.acs.encoders.encode_credential(acs_encoder_id=ENCODER, acs_credential_id=PIN)
    assert time.monotonic() - started < 1.5
    # ... unless a call says otherwise.
    pending = seam.acs.encoders.encode_credential(
        acs_encoder_id=ENCODER, acs_credential_id=PIN, wait_for_action_attempt=False
    )
    assert pending.status == "pending"
    not_waiting = Seam(api_key=API_KEY, endpoint=fake.url, wait_for_action_attempt=False)
    assert not_waiting.acs.encoders.scan_credential(acs_encoder_id=ENCODER).status == "pending"


@pytest.mark.parametrize("wait", [False, WaitOptions(wait=False), {"wait": False}], ids=["False", "WaitOptions", "dict"])
def test_not_waiting_returns_the_pending_attempt(seam: Seam, fake: FakeSeam, wait: Any) -> None:
    fake.action_attempts(delay_ms=200)
    pending = seam.acs.encoders.encode_credential(
        acs_encoder_id=ENCODER, acs_credential_id=PIN, wait_for_action_attempt=wait
    )
    assert pending.status == "pending" and pending.result is None and pending.error is None
    assert fake.count(POLL) == 0
    time.sleep(0.3)
    later = seam.action_attempts.get(action_attempt_id=pending.action_attempt_id)
    assert later.status == "success" and isinstance(later.result, AcsCredential)


def test_a_429_while_polling_is_retried(seam: Seam, fake: FakeSeam) -> None:
    fake.action_attempts(delay_ms=150)
    fake.fault(POLL, status=429, headers={"retry-after": "0"})
    done = seam.acs.encoders.encode_credential(acs_encoder_id=ENCODER, acs_credential_id=PIN)
    assert done.status == "success"
    assert fake.count(ENCODE) == 1, "the encode is never repeated"
    assert fake.count(POLL) >= 2, "the refused poll was asked again"


@pytest.mark.parametrize("options", [WaitOptions(polling_interval=0), {"polling_interval": 0.0}], ids=["WaitOptions", "dict"])
def test_a_zero_polling_interval_is_refused_before_anything_is_sent(
    seam: Seam, fake: FakeSeam, options: Any
) -> None:
    with pytest.raises(seam_core.InvalidInput) as raised:
        seam.acs.encoders.encode_credential(
            acs_encoder_id=ENCODER, acs_credential_id=PIN, wait_for_action_attempt=options
        )
    assert raised.value.parameter == "wait_for_action_attempt.polling_interval"
    assert fake.count() == 0
    with pytest.raises(seam_core.Config):
        Seam(api_key=API_KEY, endpoint=fake.url, wait_for_action_attempt=WaitOptions(polling_interval=0))


def test_async_encoding_waits_and_answers_the_encoded_credential(seam: Seam, fake: FakeSeam) -> None:
    new = card(seam)

    async def main() -> ActionAttempt:
        async with AsyncSeam(api_key=API_KEY, endpoint=fake.url) as client:
            return await client.acs.encoders.encode_credential(
                acs_encoder_id=ENCODER, acs_credential_id=new.acs_credential_id
            )

    attempt = asyncio.run(main())
    assert attempt.status == "success" and isinstance(attempt.result, AcsCredential)
    assert attempt.result.is_issued is True


def test_async_failures_and_timeouts_raise_the_same_errors(fake: FakeSeam) -> None:
    async def main() -> None:
        client = AsyncSeam(api_key=API_KEY, endpoint=fake.url)
        encoders = client.acs.encoders
        await encoders.simulate.next_credential_encode_will_fail(acs_encoder_id=ENCODER)
        with pytest.raises(seam_core.ActionAttemptFailed) as failed:
            await encoders.encode_credential(acs_encoder_id=ENCODER, acs_credential_id=PIN)
        assert failed.value.code == "no_credential_on_encoder"
        assert failed.value.action_attempt.status == "error"
        fake.action_attempts(stuck=True)
        started = time.monotonic()
        with pytest.raises(seam_core.ActionAttemptTimeout) as stuck:
            await encoders.encode_credential(
                acs_encoder_id=ENCODER, acs_credential_id=PIN,
                wait_for_action_attempt=WaitOptions(timeout=0.5, polling_interval=0.1),
            )  # fmt: skip
        assert 0.5 <= time.monotonic() - started < 1.0
        assert stuck.value.action_attempt.status == "pending"
        with pytest.raises(seam_core.InvalidInput):
            await encoders.encode_credential(
                acs_encoder_id=ENCODER, acs_credential_id=PIN,
                wait_for_action_attempt=WaitOptions(polling_interval=0),
            )  # fmt: skip

    asyncio.run(main())


def test_async_wait_holds_no_worker_and_cancelling_stops_the_polling(fake: FakeSeam) -> None:
    fake.action_attempts(stuck=True)
    client = AsyncSeam(api_key=API_KEY, endpoint=fake.url, worker_threads=2)

    async def main() -> None:
        task = asyncio.ensure_future(client.acs.encoders.encode_credential(
            acs_encoder_id=ENCODER, acs_credential_id=PIN,
            wait_for_action_attempt=WaitOptions(timeout=60, polling_interval=0.05),
        ))  # fmt: skip
        deadline = time.monotonic() + 10
        while fake.count(POLL) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert fake.count(POLL) >= 3, "the wait is polling"
        # Between polls the wait holds no worker: a sample of the pool while it waits.
        busy: List[int] = []
        for _ in range(40):
            busy.append(client.worker_stats().busy)
            await asyncio.sleep(0.005)
        assert busy.count(0) >= 30, busy
        # Two other calls run at once on the two workers meanwhile.
        both = await asyncio.wait_for(asyncio.gather(
            client.acs.encoders.get(acs_encoder_id=ENCODER),
            client.acs.users.get(acs_user_id=USER),
        ), timeout=5)  # fmt: skip
        assert both[0].acs_encoder_id == ENCODER and both[1].acs_user_id == USER
        assert not task.done()

        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        at_cancel = fake.count(POLL)
        await asyncio.sleep(0.5)  # ten intervals
        assert fake.count(POLL) <= at_cancel + 1, "polling went on after the cancel"
        assert client.worker_stats().busy == 0
        # The client goes on working.
        entrance = await client.acs.entrances.get(acs_entrance_id=LOBBY)
        assert entrance.acs_entrance_id == LOBBY

    asyncio.run(main())


@pytest.mark.parametrize("option", ["timeout", "polling_interval"])
def test_a_wait_option_out_of_range_is_refused_naming_it(seam: Seam, fake: FakeSeam, option: str) -> None:
    def encode(wait: Any) -> Any:
        return seam.acs.encoders.encode_credential(
            acs_encoder_id=ENCODER, acs_credential_id=PIN, wait_for_action_attempt=wait
        )

    name = f"wait_for_action_attempt.{option}"
    for seconds in (-1, -0.5, 1e30):  # the core: never a duration
        for wait in (WaitOptions(**{option: seconds}), {option: seconds}):
            with pytest.raises(seam_core.InvalidInput) as raised:
                encode(wait)
            assert raised.value.parameter == name, raised.value
            assert "line 1" not in raised.value.reason and "at least zero" in raised.value.reason
    for bad in (float("nan"), float("inf")):  # JSON has no such numbers: Python refuses them
        with pytest.raises(ValueError, match=name):
            encode(WaitOptions(**{option: bad}))
    for wrong in ("5", True, [1]):
        with pytest.raises(TypeError, match=name):
            encode(WaitOptions(**{option: wrong}))
    with pytest.raises(TypeError, match="wait_for_action_attempt.wait"):
        encode(WaitOptions(wait=1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'bogus'"):
        encode({"bogus": 1})
    assert fake.count() == 0
