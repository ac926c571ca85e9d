"""Weerstand: the information system of the Dutch system for protecting seriously threatened persons."""

__version__ = "0.1.0"
