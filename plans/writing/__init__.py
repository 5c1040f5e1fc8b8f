"""Writing a plan: the content steps of each section, answers, saving and the maturity derived from them."""
