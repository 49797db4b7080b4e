"""What every page shares: response headers, signing in, the error page and the rows of
forms that are drawn again with "Add another row"."""
