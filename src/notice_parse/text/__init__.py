"""Text stages: reading bytes, saved pages, one-for-one folding with an offset map, the prepared document, its segments and headings, digest units, values back as written."""
