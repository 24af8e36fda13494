# 12/02/2026 and 12/02/2026 2:30 p.m., as Django writes the short English formats.
DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "m/d/Y P"
