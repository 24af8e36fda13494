"""Date formats of the project, over Django's own per language (settings.FORMAT_MODULE_PATH).

One way to write a date per language: a date shown without a format (``{{ case.registered_on }}``) looks
like the dates in the tables (``|date:"SHORT_DATE_FORMAT"``), and a time like the times in the audit pages.
Only the display formats change; the input formats and <input type="date"> (always ISO) stay Django's."""
