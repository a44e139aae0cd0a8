"""The case screens: the searchable case list, the case page and its action dialogs."""
