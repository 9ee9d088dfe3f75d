"""A property manager's workflow, from onboarding to checkout, as Python code calls it: a
person (user identity, and an ACS user in the seeded system), the staff group, a card
credential encoded on the encoder with its action attempt and typed result, what the person can
open, the phone's client session and what its token may see and do, then unassign, revoke,
suspend and delete. One script (`workflow`), run with `Seam` and with `AsyncSeam` through an
adapter that makes every call awaitable (core/tests/workflow.rs is the same in Rust)."""

from __future__ import annotations

import asyncio
import pickle
from typing import Any, Callable, List

import pytest

import seam_core
from seam_core import (
    AccessMethod, AcsCredential, AcsUser, ActionAttempt, AsyncSeam, ClientSession, Seam,
    UserIdentity,
)  # fmt: skip
from support import API_KEY, ENCODER, GYM, LOBBY, STAFF, SYSTEM, FakeSeam


class Awaitable:
    """A `Seam` whose calls are awaited like `AsyncSeam`'s (they run when called)."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return Awaitable(value)

        async def call(*args: Any, **kwargs: Any) -> Any:
            return value(*args, **kwargs)

        return call


Client = Callable[..., Any]  # makes a client (awaitable calls) from Seam's keyword arguments


async def entrances(seam: Any, acs_user_id: str) -> List[str]:
    found = await seam.acs.users.list_accessible_entrances(acs_user_id=acs_user_id)
    return sorted(e.acs_entrance_id for e in found)


async def workflow(fake: FakeSeam, client: Client) -> None:
    seam = client(api_key=API_KEY)

    # Onboarding: the person, their user in the building's system, the staff group.
    identity = await seam.user_identities.create(full_name="Jane Guest", email_address="jane.guest@example.com")
    assert isinstance(identity, UserIdentity) and identity.full_name == "Jane Guest"
    user = await seam.acs.users.create(
        full_name="Jane Guest", acs_system_id=SYSTEM, user_identity_id=identity.user_identity_id
    )
    assert isinstance(user, AcsUser)
    assert (user.acs_system_id, user.user_identity_id) == (SYSTEM, identity.user_identity_id)
    assert await entrances(seam, user.acs_user_id) == []
    await seam.acs.users.add_to_access_group(acs_access_group_id=STAFF, acs_user_id=user.acs_user_id)
    assert await entrances(seam, user.acs_user_id) == sorted([LOBBY, GYM])
    members = await seam.acs.access_groups.list_users(acs_access_group_id=STAFF)
    assert [m.acs_user_id for m in members] == [user.acs_user_id]
    users = await seam.user_identities.list_acs_users(user_identity_id=identity.user_identity_id)
    assert [u.acs_user_id for u in users] == [user.acs_user_id]

    # A card, encoded on the front desk's encoder: the call waits for its action attempt.
    card = await seam.acs.credentials.create(access_method=AccessMethod.CARD, acs_user_id=user.acs_user_id)
    assert isinstance(card, AcsCredential) and card.access_method == "card"
    assert not card.is_issued
    attempt = await seam.acs.encoders.encode_credential(
        acs_encoder_id=ENCODER, acs_credential_id=card.acs_credential_id
    )
    assert isinstance(attempt, ActionAttempt)
    assert (attempt.status, attempt.action_type) == ("success", "ENCODE_CREDENTIAL")
    encoded = attempt.result
    assert isinstance(encoded, AcsCredential)
    assert encoded.acs_credential_id == card.acs_credential_id and encoded.is_issued is True

    # What the person can open: by the card, by the user, by the identity.
    doors = await seam.acs.credentials.list_accessible_entrances(acs_credential_id=card.acs_credential_id)
    assert sorted(d.acs_entrance_id for d in doors) == sorted([LOBBY, GYM])
    by_identity = await seam.user_identities.list_accessible_entrances(user_identity_id=identity.user_identity_id)
    assert sorted(d.acs_entrance_id for d in by_identity) == sorted([LOBBY, GYM])

    # The phone: a client session for the identity, and what its token may see and do.
    session = await seam.client_sessions.create(user_identity_id=identity.user_identity_id)
    assert isinstance(session, ClientSession)
    token = session.token
    assert token is not None and token.startswith("seam_cst")
    for shown in (repr(session), str(session), repr([session]), repr(pickle.loads(pickle.dumps(session)))):
        assert token not in shown and "token='seam_cst…'" in shown, shown
    phone = client(client_session_token=token)
    seen = await phone.acs.users.list()
    assert [u.acs_user_id for u in seen.acs_users] == [user.acs_user_id]
    cards = await phone.acs.credentials.list()
    assert [c.acs_credential_id for c in cards.acs_credentials] == [card.acs_credential_id]
    mine = await phone.user_identities.get(user_identity_id=identity.user_identity_id)
    assert mine == await seam.user_identities.get(user_identity_id=identity.user_identity_id)
    opens = await phone.acs.users.list_accessible_entrances(acs_user_id=user.acs_user_id)
    assert sorted(e.acs_entrance_id for e in opens) == sorted([LOBBY, GYM])
    with pytest.raises(seam_core.Api) as forbidden:
        await phone.acs.access_groups.list()  # not a client session's call
    assert forbidden.value.status_code == 403 and forbidden.value.code == "forbidden"
    assert token not in str(forbidden.value) and token not in repr(forbidden.value)
    with pytest.raises(seam_core.Api) as not_hers:
        await phone.acs.users.get(acs_user_id="44444444-4444-4444-4444-444444444444")
    assert not_hers.value.status_code == 403

    # Checkout.
    taken = await seam.acs.credentials.unassign(acs_credential_id=card.acs_credential_id, acs_user_id=user.acs_user_id)
    assert taken.acs_user_id is None
    await seam.acs.users.revoke_access_to_all_entrances(acs_user_id=user.acs_user_id)
    assert await entrances(seam, user.acs_user_id) == []
    await seam.acs.users.suspend(acs_user_id=user.acs_user_id)
    suspended = await seam.acs.users.get(acs_user_id=user.acs_user_id)
    assert suspended.is_suspended is True
    await seam.client_sessions.revoke(client_session_id=session.client_session_id)
    with pytest.raises(seam_core.Unauthorized) as revoked:
        await phone.acs.users.list()
    assert token not in str(revoked.value)
    await seam.acs.users.delete(acs_user_id=user.acs_user_id)
    kept = await seam.acs.credentials.get(acs_credential_id=card.acs_credential_id)
    assert kept.acs_user_id is None and kept.is_issued is True  # unassigned: not the user's
    await seam.acs.credentials.delete(acs_credential_id=card.acs_credential_id)
    with pytest.raises(seam_core.Api) as deleted:
        await seam.acs.credentials.get(acs_credential_id=card.acs_credential_id)
    assert deleted.value.code == "acs_credential_not_found"
    await seam.user_identities.delete(user_identity_id=identity.user_identity_id)
    with pytest.raises(seam_core.Api) as gone:
        await seam.user_identities.get(user_identity_id=identity.user_identity_id)
    assert (gone.value.status_code, gone.value.code) == (404, "user_identity_not_found")

    # What happened is in the events, typed.
    events = await seam.events.list(acs_user_id=user.acs_user_id)
    kinds = {str(e.event_type) for e in events}
    assert {"acs_user.created", "acs_user.deleted"} <= kinds, kinds
    issued = await seam.events.list(acs_credential_id=card.acs_credential_id)
    assert "acs_credential.issued" in {e.event_type for e in issued}


def test_onboarding_to_checkout(fake: FakeSeam) -> None:
    def client(**kwargs: Any) -> Any:
        return Awaitable(Seam(endpoint=fake.url, **kwargs))

    asyncio.run(workflow(fake, client))


def test_onboarding_to_checkout_async(fake: FakeSeam) -> None:
    def client(**kwargs: Any) -> Any:
        return AsyncSeam(endpoint=fake.url, **kwargs)

    asyncio.run(workflow(fake, client))
