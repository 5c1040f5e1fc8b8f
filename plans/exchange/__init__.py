"""Export and import of a whole plan as documented JSON (docs/plan-export.md)."""
