"""Inspection: who inspected whom (groups, targets, round, types), and when."""
