"""Pure domain rules: values and validation with no I/O and no framework."""
