"""CSD Desktop: intake and follow-up of citizens' complaints and requests."""

__version__ = "0.1.0"
