# 2 Dec 2026 and 2 Dec 2026 14:30: day, month name and year cannot be misread by a reader used to
# day-first dates (the region) or month-first ones (some donors), and the 24-hour clock of the region.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
