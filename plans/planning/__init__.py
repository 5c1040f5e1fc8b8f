"""The plan as a plan: opgaven, their doelen, the actions serving them, the multi-year budget and partners.

Everything is read from the answers of the tables the content marks with a `meaning` (content 2026.2 on);
a plan on a version without them has an empty chain and no budget.
"""
