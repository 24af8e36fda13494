"""Spreadsheet formula injection: a text cell that a spreadsheet would read as a formula (it starts
with =, +, -, @, a tab or a carriage return) is prefixed with a quote, so it shows as the text it is."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
