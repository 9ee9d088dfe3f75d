"""Seam Connect API client over the seam-core Rust library.

```python
from seam_core import Seam

seam = Seam(api_key="seam_...")  # or Seam() to read SEAM_API_KEY, ...
credential = seam.acs.credentials.assign(
    acs_user_id="33333333-3333-3333-3333-333333333333",
    acs_credential_id="66666666-6666-6666-6666-666666666666",
)
```

Every error is a `seam_core.SeamError`; see its subclasses.
"""

from ._client import Acs, AcsCredentials, Seam
from ._errors import (
    Api,
    Config,
    InvalidInput,
    InvalidResponse,
    Network,
    SeamError,
    Timeout,
    Unauthorized,
)
from ._models import (
    AccessMethod,
    AcsCredential,
    AcsCredentialError,
    AcsCredentialWarning,
    AcsCredentialWarningCode,
    AssaAbloyVostioMetadata,
    ExternalType,
    VisionlineCardFunctionType,
    VisionlineMetadata,
)

__all__ = [
    "Seam",
    "Acs",
    "AcsCredentials",
    "SeamError",
    "InvalidInput",
    "Config",
    "Unauthorized",
    "Api",
    "InvalidResponse",
    "Timeout",
    "Network",
    "AcsCredential",
    "AccessMethod",
    "ExternalType",
    "AcsCredentialWarning",
    "AcsCredentialWarningCode",
    "AcsCredentialError",
    "VisionlineMetadata",
    "VisionlineCardFunctionType",
    "AssaAbloyVostioMetadata",
]
