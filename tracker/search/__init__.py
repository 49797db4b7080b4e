"""Searching the whole record, with exempt business as safe as on the pages."""
