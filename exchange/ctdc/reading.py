"""Reading a CTDC file, row by row, in the network's vocabularies (``exchange.ctdc.vocabulary``).

The format is told from the header (``../shared/reference/ctdc/columns.md``, "Pitfalls for an importer"):
format A has 63 columns with ``Datasource``, ``-99`` for missing, flags 0/1 and alpha-2 countries (a comma
CSV; the semicolon export whose first header cell is CTDC's Terms of Use, over an extra leading column;
or an .xlsx); format C, of 2024, has 27 columns with ``means*`` flags, ``NULL`` or empty for missing,
flags 1 or empty and alpha-3 countries. Rows are streamed: a file of any size is read in constant memory."""

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pycountry
from django.utils.translation import gettext as _

from analytics.dimensions import AGE_BANDS
from exchange.ctdc import vocabulary
from exchange.ctdc.columns import COLUMNS_A, COLUMNS_C

FORMAT_A = "ctdc_a"
FORMAT_C = "ctdc_c"
COLUMNS = {FORMAT_A: COLUMNS_A, FORMAT_C: COLUMNS_C}
KNOWN_COLUMNS = frozenset(COLUMNS_A) | frozenset(COLUMNS_C)
# Not recorded: format A's -99, format C's NULL, a blank cell in either.
MISSING_VALUES = frozenset({"", "-99", "null"})
AGE_BAND_KEYS = frozenset(key for key, _low, _high in AGE_BANDS)
MINOR_BANDS = frozenset({"0-8", "9-17"})


class NotCtdc(ValueError):
    """The file is of neither format: the message says what is missing."""


class RowRefused(ValueError):
    """One row cannot be read: the message says which column holds what."""


def _is_missing(value: str) -> bool:
    return value.strip().lower() in MISSING_VALUES


def _text(cell) -> str:
    """A cell as text: an .xlsx gives numbers (2019, 1.0), a CSV gives text."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        first = file.readline()
        # The Terms-of-Use sentence holds commas: the delimiter is the one that finds the columns.
        delimiter = next(
            (
                d
                for d in (",", ";", "\t")
                if "yearOfRegistration" in [c.strip() for c in next(csv.reader([first], delimiter=d))]
            ),
            ",",
        )
        file.seek(0)
        yield from csv.reader(file, delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in workbook.active.iter_rows(values_only=True):
            yield [_text(cell) for cell in row]
    finally:
        workbook.close()


def _header_start(header: list[str]) -> int:
    """Where the columns start: 1 when a Terms-of-Use cell (or an empty one) stands before them."""
    if header and header[0] not in KNOWN_COLUMNS and len(header) > 1 and header[1] in KNOWN_COLUMNS:
        return 1
    return 0


def format_of(columns: list[str]) -> str:
    """FORMAT_A or FORMAT_C from the header's column names; NotCtdc naming what is missing."""
    names = set(columns)
    if "Datasource" in names:
        found = FORMAT_A
    elif any(name.startswith("means") and not name.startswith("meansOfControl") for name in names):
        found = FORMAT_C
    else:
        shown = ", ".join(name for name in columns[:8] if name) or _("nothing")
        raise NotCtdc(
            _(
                "This is not a CTDC file: its header has neither the Datasource column of format A nor the "
                "means… columns of format C (its first columns: %(columns)s)."
            )
            % {"columns": shown}
        )
    missing = [name for name in COLUMNS[found] if name not in names]
    if missing:
        raise NotCtdc(
            _("The file looks like CTDC format %(format)s but lacks the columns %(missing)s.")
            % {"format": "A" if found == FORMAT_A else "C", "missing": ", ".join(missing)}
        )
    return found


def read_ctdc(path: str | Path) -> tuple[str, Iterator[tuple[int, dict[str, str]]]]:
    """The file's format and its rows as (line number, {column: text}); NotCtdc before any row is read."""
    path = Path(path)
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    try:
        header = next(rows)
    except StopIteration:
        raise NotCtdc(_("The file is empty.")) from None
    except (UnicodeDecodeError, csv.Error):
        raise NotCtdc(_("The file is neither a CSV file in UTF-8 nor an .xlsx workbook.")) from None
    start = _header_start(header)
    columns = [name.strip() for name in header[start:]]
    found = format_of(columns)

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for line, row in enumerate(rows, start=2):
            cells = row[start:]
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                yield line, {"__width__": str(len(cells))}
                continue
            yield line, dict(zip(columns, cells, strict=True))

    return found, records()


@lru_cache(maxsize=512)
def country_alpha2(code: str) -> str:
    """An ISO 3166-1 alpha-2 or alpha-3 code as alpha-2; KeyError when it is neither."""
    code = code.strip().upper()
    country = None
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(code)
    return country.alpha_2


def _country(row: dict, column: str) -> str:
    value = row[column]
    if _is_missing(value):
        return ""
    try:
        return country_alpha2(value)
    except KeyError:
        raise RowRefused(
            _("%(column)s holds %(value)s, which is not an ISO 3166-1 country code.")
            % {"column": column, "value": value[:10]}
        ) from None


def _year(row: dict) -> int | None:
    value = row["yearOfRegistration"].strip()
    if _is_missing(value):
        return None
    try:
        year = int(float(value))
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise RowRefused(
            _("yearOfRegistration holds %(value)s, which is not a year.") % {"value": value[:10]}
        )
    return year


def _sex(row: dict) -> str:
    value = row["gender"].strip()
    if _is_missing(value):
        return ""
    try:
        return str(vocabulary.GENDERS[value.lower()])
    except KeyError:
        raise RowRefused(
            _("gender holds %(value)s, which CTDC does not use.") % {"value": value[:40]}
        ) from None


def age_band_of(value: str) -> str:
    """CTDC's ageBroad ("0--8", "0—8" as the codebook prints it, "48+") as an AGE_BANDS key."""
    if _is_missing(value):
        return ""
    band = re.sub(r"[-–—]+", "-", value.strip())
    if band not in AGE_BAND_KEYS:
        raise RowRefused(
            _("ageBroad holds %(value)s, which is not one of CTDC's age bands.") % {"value": value[:10]}
        )
    return band


def _majority(row: dict, age_band: str) -> str:
    value = row.get("majorityStatus", "")
    if not _is_missing(value):
        try:
            return vocabulary.MAJORITY[value.strip().lower()]
        except KeyError:
            raise RowRefused(
                _("majorityStatus holds %(value)s, not Adult or Minor.") % {"value": value[:10]}
            ) from None
    if not age_band:
        return ""
    return "minor" if age_band in MINOR_BANDS else "adult"


def _flag(row: dict, column: str) -> bool:
    value = row[column].strip()
    if _is_missing(value) or value in ("0", "0.0"):
        return False
    if value in ("1", "1.0"):
        return True
    raise RowRefused(_("%(column)s holds %(value)s, not 0 or 1.") % {"column": column, "value": value[:10]})


def _items(row: dict, flags: dict[str, tuple[str, ...]]) -> list[str]:
    items: list[str] = []
    for column, codes in flags.items():
        if column in row and _flag(row, column):
            items.extend(str(code) for code in codes if str(code) not in items)
    return items


def victim_fields(row: dict[str, str]) -> dict:
    """A row's GlobalVictim fields; RowRefused saying what is wrong with it."""
    if "__width__" in row:
        raise RowRefused(
            _("The row has %(cells)s cells, not as many as the header.") % {"cells": row["__width__"]}
        )
    age_band = age_band_of(row["ageBroad"])
    fields = {
        "year": _year(row),
        "sex": _sex(row),
        "age_band": age_band,
        "majority": _majority(row, age_band),
        "citizenship": _country(row, "citizenship"),
        "exploitation_country": _country(row, "CountryOfExploitation"),
    }
    for field, flags in vocabulary.LIST_FLAGS.items():
        fields[field] = _items(row, flags)
    return fields
