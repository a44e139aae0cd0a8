"""The Sync screen."""
