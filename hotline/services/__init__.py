"""What changes hotline data (one module per concept, re-exported here)."""

from hotline.services.contacts import *  # noqa: F403 - the contact log's, whatever it adds
from hotline.services.knowledge import answer_create, answer_edit, answer_version_approve  # noqa: F401
from hotline.services.lines import line_create, line_operator_candidates, line_update  # noqa: F401
from hotline.services.telephony import (  # noqa: F401
    call_record_receive,
    operator_extension_remove,
    operator_extension_set,
    telephony_account_authenticate,
    telephony_account_create,
    telephony_account_revoke,
)
