"""Summary: the declared totals."""
