"""What reads hotline data (one module per concept, re-exported here)."""

from hotline.selectors.contacts import *  # noqa: F403 - the contact log's, whatever it adds
from hotline.selectors.home import operator_home  # noqa: F401
from hotline.selectors.knowledge import (  # noqa: F401
    answer_list,
    answer_pending_approval,
    answer_search,
    answer_version_list,
)
from hotline.selectors.lines import line_managed_list, line_seen_list  # noqa: F401
from hotline.selectors.statistics import (  # noqa: F401
    contacts_of,
    hotline_statistics,
    organisation_contact_counts,
    statistics_lines,
)
from hotline.selectors.telephony import (  # noqa: F401
    line_operator_choices,
    operator_extension_list,
    telephony_account_list,
    telephony_line_list,
)
