# 02.12.2026 and 02.12.2026 14:30, as Django writes the short Russian formats.
DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
