"""The hotline's read-only vocabulary borrowed from cases: the screening's trafficking indicators.

A contact records the indicators a caller describes in the same words the case screening uses, so that
opening a case carries them over unchanged. The one import of ``cases.models.choices`` (a named exception
in ``.importlinter``'s cases-models contract)."""

from cases.models.choices import Indicator

__all__ = ["Indicator"]
