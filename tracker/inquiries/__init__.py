"""Creating an inquiry with its recommendations, on one page."""
