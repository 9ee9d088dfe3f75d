"""Cold start for scripts/bench: `python cold.py ours|official` imports the SDK, builds a
client and completes one assign against $SEAM_BENCH_URL, then exits."""

import os
import sys

API_KEY = "seam_apikey1_token"
ACS_USER = "33333333-3333-3333-3333-333333333333"
ACS_CREDENTIAL = "66666666-6666-6666-6666-666666666666"

if sys.argv[1] == "ours":
    from seam_core import Seam

    Seam(api_key=API_KEY, endpoint=os.environ["SEAM_BENCH_URL"]).acs.credentials.assign(
        acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL
    )
else:
    from seam import Seam

    Seam(api_key=API_KEY, endpoint=os.environ["SEAM_BENCH_URL"]).acs.credentials.assign(
        acs_user_id=ACS_USER, acs_credential_id=ACS_CREDENTIAL
    )
