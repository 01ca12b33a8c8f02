"""Chronique: structured events on one timeline from noisy machine-translated French news."""

__version__ = "0.1.0"
