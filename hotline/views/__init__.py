"""The hotline's pages (one module per concept)."""
