"""What changes awards data, one module per concept: ``from awards.services import entries``."""
