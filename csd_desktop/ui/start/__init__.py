"""Starting the window: the look, the migration splash, the login and the first paint."""
