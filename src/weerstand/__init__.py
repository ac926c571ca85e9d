"""Weerstand: the information system of the Dutch system for protecting seriously threatened
persons (stelsel beveiligen van personen)."""

__version__ = "0.1.0"
