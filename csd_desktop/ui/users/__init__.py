"""The administrator's users screen."""
