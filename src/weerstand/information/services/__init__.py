"""Domain services for threat-information products, attachments, entities and re-assessment
advice. Every write runs in one transaction with its audit record; views, the API, the import
command and other apps call these and never save these models themselves.

The package is cut along the work, and this module names everything callers use, so
`from weerstand.information import services; services.create_product(...)` keeps working:

- `products`: a partner's product through its life: intake (legal basis of provision),
  new versions, withdrawal
- `links`: what a product is about: cases, persons, entities (one per normalised value)
- `attachments`: files, inspected before anything is written
- `advice`: re-assessment advice on active cases, and its resolution
- `imports`: a partner's batch, record by record

Who may do what is in `information.rules` (asked here first, by pages only to decide what to
offer); what pages and the API show is in `information.selectors`.
"""

from weerstand.information.rules import is_analysis_role

# Read models live in `information.selectors`; these stay importable from here for callers of
# the single services module this package replaced.
from weerstand.information.selectors import cases_with_open_advice, open_advice, product_chain
from weerstand.information.services.advice import advise_reassessment, resolve_advice
from weerstand.information.services.attachments import add_attachment
from weerstand.information.services.common import (
    ACTIVE_CASE_STATES,
    AttachmentData,
    ProductData,
)
from weerstand.information.services.imports import (
    RecordResult,
    fingerprint,
    import_products,
    import_record,
)
from weerstand.information.services.links import (
    find_or_create_entity,
    link_for_shared_hit,
    link_product_to_case,
)
from weerstand.information.services.products import (
    check_legal_basis,
    create_product,
    data_from_product,
    new_version,
    withdraw_product,
)

__all__ = [
    "ACTIVE_CASE_STATES",
    "AttachmentData",
    "ProductData",
    "RecordResult",
    "add_attachment",
    "advise_reassessment",
    "cases_with_open_advice",
    "check_legal_basis",
    "create_product",
    "data_from_product",
    "find_or_create_entity",
    "fingerprint",
    "import_products",
    "import_record",
    "is_analysis_role",
    "link_for_shared_hit",
    "link_product_to_case",
    "new_version",
    "open_advice",
    "product_chain",
    "resolve_advice",
    "withdraw_product",
]
