"""CTDC files written by the tests, from synthetic rows (``exchange.synthetic``): format A as a comma CSV,
as the semicolon export with CTDC's Terms-of-Use cell, and as .xlsx; format C (2024) as a CSV."""

import csv
from pathlib import Path

from exchange.ctdc.columns import COLUMNS_A, COLUMNS_C
from exchange.synthetic import synthetic_rows

TERMS_OF_USE = (
    "By using this data, you agree to the CTDC Terms of Use, available at "
    "https://www.ctdatacollaborative.org/terms-use; cite the Counter-Trafficking Data Collaborative."
)


def rows_a(count: int, **overrides) -> list[dict]:
    """``count`` synthetic format-A rows with ``overrides`` set in every one."""
    return [{**row, **overrides} for row in synthetic_rows(count)]


def write_a(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS_A)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_a_semicolon(path: Path, rows: list[dict]) -> Path:
    """The 2021 export: semicolons, blanks for missing, an extra leading column headed by the Terms of Use."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow([TERMS_OF_USE, *COLUMNS_A])
        for row in rows:
            writer.writerow(["", *("" if row[name] == "-99" else row[name] for name in COLUMNS_A)])
    return path


def write_a_xlsx(path: Path, rows: list[dict]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS_A))
    for row in rows:
        sheet.append([int(row[name]) if row[name].lstrip("-").isdigit() else row[name] for name in COLUMNS_A])
    workbook.save(path)
    return path


def row_c(**values) -> dict:
    """One format-C row: every flag empty, NULL where a value is not given."""
    row = dict.fromkeys(COLUMNS_C, "")
    row.update(yearOfRegistration="2021", gender="NULL", ageBroad="NULL", citizenship="NULL")
    row.update(CountryOfExploitation="NULL", traffickMonths="NULL")
    row.update(values)
    return row


def write_c(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS_C)
        writer.writeheader()
        writer.writerows(rows)
    return path
