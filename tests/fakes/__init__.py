"""Loopback HTTP servers that behave like the platforms' documented APIs (tests only)."""
