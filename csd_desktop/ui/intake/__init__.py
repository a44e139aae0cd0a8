"""The intake screen: registering a citizen's complaint or request and printing its receipt."""
