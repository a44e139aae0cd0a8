"""The one door to the data: plain typed Python, no Qt. Widgets and the CLI call these."""
