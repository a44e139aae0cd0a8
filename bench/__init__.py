"""The benchmark (DESIGN.md §6): `python3 -m bench --cases N`. Never run by the unit tests."""
