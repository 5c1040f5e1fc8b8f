"""Demo data: the demo organisations, people and plans that `make run` loads. Not domain code."""
