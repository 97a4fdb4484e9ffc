"""The rule engine: pattern files loaded, validated and compiled (`patterns`), and the literal-window accelerator (`scan`)."""
