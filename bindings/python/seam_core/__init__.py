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
The models and enums are the generated ones, with the API's docs.
"""

from ._client import Acs, AcsCredentials, AsyncAcsCredentials, AsyncSeam, Seam
from ._errors import Api, Config, InvalidInput, InvalidResponse, Network, SeamError, Timeout
from ._errors import Unauthorized
from ._ffi.seam_core import AccessMethod, AcsCredential, AcsCredentialError, AcsCredentialsPage
from ._ffi.seam_core import AcsCredentialWarning, AcsCredentialWarningCode, AcsEntrance
from ._ffi.seam_core import AcsEntranceError, AcsEntranceWarning, AcsEntranceWarningCode
from ._ffi.seam_core import AkilesMetadata, AssaAbloyVostioMetadata, ExternalType
from ._ffi.seam_core import NewAssaAbloyVostioMetadata, NewSaltoSpaceMetadata
from ._ffi.seam_core import NewVisionlineMetadata, Pagination, VisionlineCardFormat
from ._ffi.seam_core import VisionlineCardFunctionType, VisionlineMetadata, WorkerStats
from ._ffi.seam_core import sdk_version

__version__ = sdk_version()

__all__ = [
    "Seam", "AsyncSeam", "Acs", "AcsCredentials", "AsyncAcsCredentials",
    "SeamError", "InvalidInput", "Config", "Unauthorized", "Api", "InvalidResponse", "Timeout",
    "Network",
    "AccessMethod", "AcsCredential", "AcsCredentialError", "AcsCredentialsPage",
    "AcsCredentialWarning", "AcsCredentialWarningCode", "AcsEntrance", "AcsEntranceError",
    "AcsEntranceWarning", "AcsEntranceWarningCode", "AkilesMetadata", "AssaAbloyVostioMetadata",
    "ExternalType", "NewAssaAbloyVostioMetadata", "NewSaltoSpaceMetadata",
    "NewVisionlineMetadata", "Pagination", "VisionlineCardFormat", "VisionlineCardFunctionType",
    "VisionlineMetadata", "WorkerStats",
]  # fmt: skip
