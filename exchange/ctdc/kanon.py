"""k-anonymity of CTDC format-A rows by full-domain generalisation and suppression (docs/exchange.md,
"The CTDC-format k-anonymised release").

Each quasi-identifier (QI) has a hierarchy of levels, level 0 the recorded value and the last level
"any" (written ``-99``). A *node* of the lattice is one level per QI. The search:

1. counts the rows per combination of recorded QI values (one pass over the rows, compact tuples only);
2. for every node, counts the classes (rows per combination of generalised values) from those counts,
   each node from a less general one, so that it never touches the rows again;
3. at each node the classes smaller than k would be suppressed: it keeps the node that keeps at least
   ``min_retention`` of the rows with the least information lost (the normalised certainty penalty,
   NCP: for a value generalised to a group of g of the D values found, (g − 1) / (D − 1); averaged over
   QIs and rows, a suppressed row counting 1);
4. a second pass over the rows writes them generalised to that node, without the suppressed ones.

Suppressed records are dropped, not written with their QIs set to ``-99``: a row of ``-99`` QIs would
still be a class of its own that must reach k, and ``-99`` in CTDC means "not recorded", which a
suppressed value is not. ``check_k_anonymity`` proves the result."""

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _, ngettext, pgettext

from exchange.ctdc import m49
from exchange.ctdc.columns import AGE_BROAD, MISSING
from exchange.ctdc.records import EXPLOITATION_COLUMNS, LABOUR_COLUMNS, SEX_FLAGS

ANY = "*"  # the top of every hierarchy (written -99); apart from MISSING, which was never recorded
MIN_RETENTION = 0.75


def _year_period(width: int) -> Callable[[str], str]:
    def period(year: str) -> str:
        start = int(year) - int(year) % width
        return f"{start}--{start + width - 1}"

    return period


BROAD_AGE = dict(zip(AGE_BROAD, ("0--17", "0--17", *["18--29"] * 4, "30--47", "30--47", "48+"), strict=True))
MAJORITY_AGE = {band: "0--17" if band in ("0--8", "9--17") else "18+" for band in AGE_BROAD}


@dataclass(frozen=True)
class QuasiIdentifier:
    """One QI: how its value is read from a row, its hierarchy (one function per level above the
    recorded value, taking the recorded value), and how a generalised value is written back."""

    key: str
    label: str
    columns: tuple[str, ...]
    levels: tuple[Callable[[str], str], ...]
    level_labels: tuple[str, ...]
    # Columns that would reveal the value once it is "any" (written -99 then too).
    dependent_columns: tuple[str, ...] = ()

    def value_of(self, row: dict) -> str:
        if len(self.columns) == 1:
            return row[self.columns[0]]
        flags = tuple(row[column] for column in self.columns)
        return MISSING if all(flag == MISSING for flag in flags) else "|".join(flags)

    @property
    def top(self) -> int:
        return len(self.levels) - 1

    def generalise(self, value: str, level: int) -> str:
        if level == 0 or value == MISSING:
            return value
        return self.levels[level](value)

    def write(self, row: dict, level: int) -> None:
        """Write the row's value generalised to ``level`` into its own columns."""
        if level == 0:
            return
        if level == self.top:
            for column in (*self.columns, *self.dependent_columns):
                row[column] = MISSING
            return
        column = self.columns[0]
        row[column] = self.generalise(row[column], level)


def _identity(value: str) -> str:
    return value


def _any(value: str) -> str:
    return ANY


def quasi_identifiers() -> tuple[QuasiIdentifier, ...]:
    """The release's QIs: what someone who knows a victim could know of them (docs/exchange.md)."""
    return (
        QuasiIdentifier(
            "year",
            _("Year of registration"),
            ("yearOfRegistration",),
            (_identity, _year_period(2), _year_period(4), _any),
            (_("year"), _("2-year period"), _("4-year period"), _("any year")),
        ),
        QuasiIdentifier(
            "sex",
            _("Sex"),
            ("gender",),
            (_identity, _any),
            (pgettext("quasi-identifier level", "sex"), _("any sex")),
        ),
        QuasiIdentifier(
            "age",
            _("Age band"),
            ("ageBroad",),
            (_identity, BROAD_AGE.get, MAJORITY_AGE.get, _any),
            (_("CTDC age band"), _("0–17, 18–29, 30–47, 48+"), _("minor or adult"), _("any age")),
            dependent_columns=("majorityStatus",),
        ),
        QuasiIdentifier(
            "citizenship",
            _("Citizenship"),
            ("citizenship",),
            (_identity, m49.sub_region, _any),
            (_("country"), _("UN M49 sub-region"), _("any country")),
        ),
        QuasiIdentifier(
            "exploitation_country",
            _("Country of exploitation"),
            ("CountryOfExploitation",),
            (_identity, m49.sub_region, _any),
            (_("country"), _("UN M49 sub-region"), _("any country")),
        ),
        QuasiIdentifier(
            "exploitation",
            _("Form of exploitation"),
            EXPLOITATION_COLUMNS,
            (_identity, _any),
            (_("combination of forms"), _("any form")),
            # The sectors and types of sexual exploitation tell the form.
            dependent_columns=(
                "typeOfExploitConcatenated",
                *LABOUR_COLUMNS,
                "typeOfLabourNotSpecified",
                "typeOfLabourConcatenated",
                *SEX_FLAGS.values(),
                "typeOfSexConcatenated",
            ),
        ),
    )


# The columns a release is checked over: the QIs' own columns.
QUASI_IDENTIFIER_COLUMNS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    *EXPLOITATION_COLUMNS,
)

Node = tuple[int, ...]


def count_combinations(rows: Iterable[dict], qis: tuple[QuasiIdentifier, ...]) -> Counter:
    """Rows per combination of recorded QI values (the first pass)."""
    return Counter(tuple(qi.value_of(row) for qi in qis) for row in rows)


class Penalties:
    """The NCP of each generalised value of each QI, from the values found in the data."""

    def __init__(self, counts: Counter, qis: tuple[QuasiIdentifier, ...]):
        self.by_qi = []
        for position, qi in enumerate(qis):
            domain = {combination[position] for combination in counts} - {MISSING}
            penalty = {MISSING: 0.0, ANY: 1.0 if len(domain) > 1 else 0.0}
            for level in range(1, qi.top):
                groups = Counter(qi.generalise(value, level) for value in domain)
                for value, size in groups.items():
                    penalty[value] = (size - 1) / (len(domain) - 1) if len(domain) > 1 else 0.0
            for value in domain:
                penalty[value] = 0.0
            self.by_qi.append(penalty)

    def of(self, combination: tuple[str, ...]) -> float:
        """The mean NCP over the QIs of a generalised combination."""
        return sum(penalty[value] for penalty, value in zip(self.by_qi, combination, strict=True)) / len(
            combination
        )


@dataclass(frozen=True)
class NodeResult:
    node: Node
    kept: int
    total: int
    ncp: float

    @property
    def retention(self) -> float:
        return self.kept / self.total if self.total else 0.0


def _classes_of_node(
    node: Node, counts: Counter, qis: tuple[QuasiIdentifier, ...], cache: dict[Node, Counter]
) -> Counter:
    """Rows per generalised combination at ``node``, from the node one level below in its first raised
    QI (whose classes are fewer than the rows' combinations)."""
    if node in cache:
        return cache[node]
    position = next((index for index, level in enumerate(node) if level), None)
    if position is None:
        return counts
    lower = (*node[:position], node[position] - 1, *node[position + 1 :])
    below = _classes_of_node(lower, counts, qis, cache)
    # The generalised value at a level is a function of the value one level below it (a hierarchy).
    step = _step_map(qis[position], counts, position, node[position])
    classes: Counter = Counter()
    for combination, count in below.items():
        value = combination[position]
        classes[(*combination[:position], step.get(value, value), *combination[position + 1 :])] += count
    cache[node] = classes
    return classes


def _step_map(qi: QuasiIdentifier, counts: Counter, position: int, level: int) -> dict[str, str]:
    recorded = {combination[position] for combination in counts} - {MISSING}
    return {qi.generalise(value, level - 1): qi.generalise(value, level) for value in recorded}


def evaluate(node: Node, classes: Counter, *, k: int, penalties: Penalties) -> NodeResult:
    """Retention and NCP at ``node`` once its classes smaller than k are suppressed."""
    total = kept = 0
    loss = 0.0
    for combination, count in classes.items():
        total += count
        if count >= k:
            kept += count
            loss += count * penalties.of(combination)
        else:
            loss += count  # a suppressed record is lost entirely
    return NodeResult(node=node, kept=kept, total=total, ncp=loss / total if total else 0.0)


def lattice(qis: tuple[QuasiIdentifier, ...]) -> Iterator[Node]:
    return itertools.product(*(range(qi.top + 1) for qi in qis))


def search(
    counts: Counter, *, k: int, qis: tuple[QuasiIdentifier, ...], min_retention: float = MIN_RETENTION
) -> tuple[NodeResult, Counter]:
    """The node that keeps at least ``min_retention`` of the rows with the least NCP (ties: more rows
    kept, then lower levels); when none does, the node that keeps the most. With its classes."""
    penalties = Penalties(counts, qis)
    cache: dict[Node, Counter] = {}
    results = [
        evaluate(node, _classes_of_node(node, counts, qis, cache), k=k, penalties=penalties)
        for node in lattice(qis)
    ]
    enough = [result for result in results if result.retention >= min_retention]
    if enough:
        best = min(enough, key=lambda result: (result.ncp, -result.kept, sum(result.node)))
    else:
        best = min(results, key=lambda result: (-result.kept, result.ncp, sum(result.node)))
    return best, _classes_of_node(best.node, counts, qis, cache)


@dataclass
class Report:
    """What a release kept and lost, for the analyst and the command's output."""

    k: int
    records_in: int
    records_kept: int
    ncp: float
    levels: list[tuple[str, str]]  # (QI label, level label)
    min_retention: float = MIN_RETENTION

    @property
    def suppressed(self) -> int:
        return self.records_in - self.records_kept

    @property
    def retention(self) -> float:
        return self.records_kept / self.records_in if self.records_in else 0.0

    @property
    def retention_percent(self) -> float:
        return 100 * self.retention

    @property
    def warning(self) -> str:
        """Empty when at least ``min_retention`` of the records are kept; else the figures."""
        if self.records_in and self.retention >= self.min_retention:
            return ""
        return _(
            "k = %(k)s cannot be reached without suppressing most records: only %(kept)s of %(total)s "
            "records (%(retention).1f%%) would be kept, %(suppressed)s suppressed, even at the most "
            "general levels. Do not publish this release; lower k only with the data protection "
            "officer's agreement, or wait for more records."
        ) % {
            "k": self.k,
            "kept": self.records_kept,
            "total": self.records_in,
            "retention": 100 * self.retention,
            "suppressed": self.suppressed,
        }

    def lines(self) -> list[str]:
        """The report as lines of text (the command prints them; the page shows them)."""
        lines = [
            _("k-anonymity: k = %(k)s") % {"k": self.k},
            _("Records in: %(count)s") % {"count": self.records_in},
            _("Records kept: %(count)s (%(retention).1f%%)")
            % {"count": self.records_kept, "retention": 100 * self.retention},
            ngettext("Suppressed: %(count)s record", "Suppressed: %(count)s records", self.suppressed)
            % {"count": self.suppressed},
            _("Information loss (NCP): %(ncp).3f (0 = as recorded, 1 = nothing left)") % {"ncp": self.ncp},
        ]
        lines += [_("%(qi)s: %(level)s") % {"qi": qi, "level": level} for qi, level in self.levels]
        if self.warning:
            lines.append(_("WARNING: %(warning)s") % {"warning": self.warning})
        return lines


@dataclass
class Release:
    """A k-anonymised release: its report, and its rows on a second pass over the source."""

    source: Callable[[], Iterable[dict]]
    qis: tuple[QuasiIdentifier, ...]
    node: Node
    classes: Counter
    report: Report
    k: int = field(default=11)

    def rows(self) -> Iterator[dict]:
        """The source's rows again, generalised to the chosen node, without the suppressed ones."""
        for row in self.source():
            combination = tuple(
                qi.generalise(qi.value_of(row), level) for qi, level in zip(self.qis, self.node, strict=True)
            )
            if self.classes[combination] < self.k:
                continue
            for qi, level in zip(self.qis, self.node, strict=True):
                qi.write(row, level)
            yield row


def anonymise(
    source: Callable[[], Iterable[dict]],
    *,
    k: int,
    qis: tuple[QuasiIdentifier, ...] | None = None,
    min_retention: float = MIN_RETENTION,
) -> Release:
    """Search the release of ``source``'s rows (a callable that streams them, called twice) at ``k``."""
    qis = qis or quasi_identifiers()
    counts = count_combinations(source(), qis)
    best, classes = search(counts, k=k, qis=qis, min_retention=min_retention)
    report = Report(
        k=k,
        records_in=best.total,
        records_kept=best.kept,
        ncp=best.ncp,
        levels=[
            (str(qi.label), str(qi.level_labels[level])) for qi, level in zip(qis, best.node, strict=True)
        ],
        min_retention=min_retention,
    )
    return Release(source=source, qis=qis, node=best.node, classes=classes, report=report, k=k)


def retention_without_generalisation(counts: Counter, *, k: int) -> float:
    """The share of rows kept by suppression alone (the naive release), over the counted QIs."""
    total = sum(counts.values())
    return sum(count for count in counts.values() if count >= k) / total if total else 0.0


def check_k_anonymity(rows: Iterable[dict], quasi_identifiers: Iterable[str], k: int) -> dict[tuple, int]:
    """The combinations of the ``quasi_identifiers`` columns that occur fewer than ``k`` times in
    ``rows``, with their counts: empty when every combination occurs at least ``k`` times."""
    columns = tuple(quasi_identifiers)
    classes = Counter(tuple(row[column] for column in columns) for row in rows)
    return {combination: count for combination, count in classes.items() if count < k}
