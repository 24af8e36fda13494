"""The CTDC global dataset as reference data: importing a file (``reference_dataset_import``) and reading
the dataset the comparison counts (``reference_dataset_current``).

The rows are kept apart from the network's cases (``exchange.models.reference``): they have no
organisation, and only the ``global_victims`` indicator (``exchange.indicators``) counts them."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from exchange.ctdc.reading import FORMAT_A, RowRefused, read_ctdc, victim_fields
from exchange.models.reference import GlobalVictim, ReferenceDataset

BATCH_SIZE = 5000
# The refused rows listed one by one (the rest are counted by reason).
REFUSALS_LISTED = 50

CITATIONS = {
    FORMAT_A: "Counter-Trafficking Data Collaborative (CTDC). Global Dataset (k-anonymised). "
    "https://www.ctdatacollaborative.org/global-dataset — reuse under CTDC's Terms of Use.",
    "ctdc_c": "Counter-Trafficking Data Collaborative (CTDC). 2024. 'Global Synthetic Dataset'. "
    "https://www.ctdatacollaborative.org/page/global-synthetic-dataset — synthetic records, not real people; "
    "reuse under CTDC's Terms of Use (https://www.ctdatacollaborative.org/terms-use).",
}


@dataclass
class ImportResult:
    dataset: ReferenceDataset
    loaded: int = 0
    replaced: bool = False
    refused: list[tuple[int, str]] = field(default_factory=list)
    refused_count: int = 0
    reasons: Counter = field(default_factory=Counter)


@transaction.atomic
def reference_dataset_import(
    *, path: str | Path, by=None, name: str = "", source_name: str = ""
) -> ImportResult:
    """Load a CTDC file (format A or C) as the reference dataset ``name`` (the file's name by default),
    replacing a dataset of that name; rows that cannot be read are refused and listed with their reason.

    NotCtdc (nothing changed) when the file is of neither format. Writes an audit entry."""
    path = Path(path)
    source_name = source_name or path.name
    found, rows = read_ctdc(path)
    name = (name or source_name)[:200]
    replaced, _deleted = ReferenceDataset.objects.filter(name=name).delete()
    dataset = ReferenceDataset.objects.create(
        name=name,
        format=found,
        source_file=source_name[:255],
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        note=CITATIONS[found],
    )
    result = ImportResult(dataset=dataset, replaced=bool(replaced))
    batch: list[GlobalVictim] = []
    for line, row in rows:
        try:
            batch.append(GlobalVictim(dataset=dataset, **victim_fields(row)))
        except RowRefused as refusal:
            _refuse(result, line, str(refusal))
            continue
        if len(batch) >= BATCH_SIZE:
            result.loaded += len(GlobalVictim.objects.bulk_create(batch))
            batch = []
    result.loaded += len(GlobalVictim.objects.bulk_create(batch))
    dataset.row_count = result.loaded
    dataset.save(update_fields=["row_count"])
    audit_record(
        by=by,
        action="exchange.reference_dataset_imported",
        obj=dataset,
        details={"format": found, "rows": result.loaded, "refused": result.refused_count},
    )
    return result


def _refuse(result: ImportResult, line: int, reason: str) -> None:
    result.refused_count += 1
    # Counted by the reason's kind (its wording up to the value), listed for the first ones.
    result.reasons[reason.split(" holds ")[0] if " holds " in reason else reason] += 1
    if len(result.refused) < REFUSALS_LISTED:
        result.refused.append((line, reason))


def reference_dataset_current() -> ReferenceDataset | None:
    """The dataset the global figures are counted from: the one imported last."""
    return ReferenceDataset.objects.order_by("-imported_at", "-pk").first()


def reference_dataset_list() -> list[ReferenceDataset]:
    return list(ReferenceDataset.objects.order_by("-imported_at", "-pk"))


def import_summary(result: ImportResult) -> list[str]:
    """What an import did, line by line, for the command's output and the upload page."""
    lines = [
        _("%(name)s: %(loaded)s rows loaded (CTDC format %(format)s)%(replaced)s, %(refused)s refused.")
        % {
            "name": result.dataset.name,
            "loaded": result.loaded,
            "format": "A" if result.dataset.format == FORMAT_A else "C",
            "replaced": _(", replacing the dataset of that name") if result.replaced else "",
            "refused": result.refused_count,
        }
    ]
    lines += [
        _("Line %(line)s refused: %(reason)s") % {"line": line, "reason": reason}
        for line, reason in result.refused
    ]
    if result.refused_count > len(result.refused):
        lines += [
            _("%(count)s rows refused in all: %(reason)s") % {"count": count, "reason": reason}
            for reason, count in result.reasons.most_common()
        ]
    return lines
