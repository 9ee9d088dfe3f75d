"""The docs' sample (Assign a Credential to an ACS User), blocking and async, for a wheel just
installed: scripts/test-python runs it in a fresh venv against fake-seam. The key and the
endpoint come from SEAM_API_KEY and SEAM_ENDPOINT."""

import asyncio

from seam_core import AsyncSeam, Seam

seam = Seam()
credential = seam.acs.credentials.assign(
  acs_user_id="33333333-3333-3333-3333-333333333333",
  acs_credential_id="66666666-6666-6666-6666-666666666666"
)
assert credential.acs_user_id == "33333333-3333-3333-3333-333333333333", credential
print(credential)


async def main() -> None:
    async with AsyncSeam() as seam:
        credential = await seam.acs.credentials.assign(
          acs_user_id="33333333-3333-3333-3333-333333333333",
          acs_credential_id="66666666-6666-6666-6666-666666666666"
        )
        assert credential.acs_user_id == "33333333-3333-3333-3333-333333333333", credential


asyncio.run(main())
print("the docs' sample ran, blocking and async")
