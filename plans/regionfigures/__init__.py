"""Reference figures per zorgkantoorregio and gemeente: the CSV format, its import and the plan's reference values."""
