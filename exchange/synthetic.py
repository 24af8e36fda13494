"""Synthetic victim records in the CTDC format A (``exchange.ctdc.columns.COLUMNS_A``), shaped like the
demo's caseload (cases/demo.py): citizens of the five republics, mostly exploited at home, in Russia or in
Kazakhstan, women more often sexually exploited, adults of working age. No real person is in them.

They feed the benchmarks of the k-anonymised release and of the private tables at sizes the database of a
test run does not hold (a million records in memory, streamed), and the tests of ``import_ctdc``."""

import random
from collections.abc import Iterator

from exchange.ctdc.columns import AGE_BROAD, COLUMNS_A, MISSING

CITIZENSHIP_WEIGHTS = {"UZ": 40, "TJ": 20, "KG": 18, "KZ": 14, "TM": 8}
AGE_WEIGHTS = dict(zip(AGE_BROAD, (1, 6, 14, 16, 15, 13, 22, 9, 4), strict=True))
LABOUR_SECTORS = (
    "typeOfLabourConstruction",
    "typeOfLabourAgriculture",
    "typeOfLabourManufacturing",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
)
MEANS = (
    "meansOfControlWithholdsDocuments",
    "meansOfControlTakesEarnings",
    "meansOfControlThreats",
    "meansOfControlRestrictsMovement",
    "meansOfControlFalsePromises",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlDebtBondage",
    "meansOfControlPhysicalAbuse",
)


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _destination(rng: random.Random, citizenship: str) -> str:
    internal = 0.7 if citizenship == "UZ" else 0.45
    roll = rng.random()
    if roll < internal:
        return citizenship
    if roll < internal + (1 - internal) * 0.65 or citizenship == "KZ":
        return "RU"
    return "KZ"


def synthetic_row(rng: random.Random, *, years: tuple[int, int]) -> dict[str, str]:
    """One synthetic victim as a row of format A (every column present, ``-99`` where not recorded)."""
    row = dict.fromkeys(COLUMNS_A, MISSING)
    female = rng.random() < 0.55
    age = _weighted(rng, AGE_WEIGHTS)
    citizenship = _weighted(rng, CITIZENSHIP_WEIGHTS)
    sexual_share = 0.45 if female else 0.05
    roll = rng.random()
    sexual, labour = roll < sexual_share, roll >= sexual_share * 0.8
    minor = age in ("0--8", "9--17")
    row.update(
        yearOfRegistration=str(rng.randint(*years)),
        Datasource="Case Management",
        gender="Female" if female else "Male",
        ageBroad=age,
        majorityStatus="Minor" if minor else "Adult",
        citizenship=citizenship,
        CountryOfExploitation=_destination(rng, citizenship),
        isForcedLabour=str(int(labour)),
        isSexualExploit=str(int(sexual)),
        isOtherExploit="0",
        isSexAndLabour=str(int(sexual and labour)),
    )
    if labour:
        sector = rng.choice(LABOUR_SECTORS)
        row.update({name: str(int(name == sector)) for name in (*LABOUR_SECTORS, "typeOfLabourOther")})
    if sexual:
        row["typeOfSexProstitution"] = "1"
    for name in rng.sample(MEANS, rng.randrange(1, 4)):
        row[name] = "1"
    return row


def synthetic_rows(count: int, *, seed: int = 13, years: tuple[int, int] = (2015, 2026)) -> Iterator[dict]:
    """``count`` synthetic rows, the same for the same seed (streamed: a million take no memory)."""
    rng = random.Random(seed)
    for _number in range(count):
        yield synthetic_row(rng, years=years)
