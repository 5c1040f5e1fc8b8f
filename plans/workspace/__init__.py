"""The coach and district workspace: overviews across plans."""
