"""Contacts: how the public reaches the inspectors (phones, mail, boxes, addresses, windows)."""
