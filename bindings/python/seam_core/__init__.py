"""Seam Connect API client over the seam-core Rust library.

```python
from seam_core import Seam

seam = Seam(api_key="seam_...")  # or Seam() to read SEAM_API_KEY, ...
seam.acs.credentials.assign(
  acs_user_id="33333333-3333-3333-3333-333333333333",
  acs_credential_id="66666666-6666-6666-6666-666666666666"
)
```

`AsyncSeam` has the same calls, awaited. Every error is a `SeamError` (see its subclasses).
The models are dataclasses and the enums are the API's strings, generated from the API's
description with our docs.
"""

from ._api import *  # noqa: F401,F403 (the generated names: enums, models, namespaces)
from ._api import __all__ as _generated
from ._client import AsyncSeam, Seam
from ._errors import ActionAttemptFailed, ActionAttemptTimeout, Api, Config, InvalidInput
from ._errors import InvalidResponse, Network, NotAnEvent, NotGenuine, SeamError, Timeout
from ._errors import Unauthorized, WebhookError
from ._ffi.seam_core import WorkerStats, sdk_version
from ._runtime import WaitOptions
from ._webhook import SeamWebhook

__version__ = sdk_version()

__all__ = [
    "Seam", "AsyncSeam", "SeamWebhook", "WaitOptions", "WorkerStats",
    "SeamError", "InvalidInput", "Config", "Unauthorized", "Api", "InvalidResponse", "Timeout",
    "Network", "ActionAttemptFailed", "ActionAttemptTimeout",
    "WebhookError", "NotGenuine", "NotAnEvent",
    *_generated,
]  # fmt: skip
