"""What every page shares: response headers, signing in and the error page."""
