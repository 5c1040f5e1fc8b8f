"""The domain of Regioplan: organisations, people, plans and what may be done with them.

Depends on `building_blocks` (content) and never on `webapp`; it never touches `request`.
"""
