"""Dates: date mentions with spans (absolute, relative, windows, open ends) that every dimension reads dates with."""
