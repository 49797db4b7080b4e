"""The JSON API (/api/v1/): the public record and the tracked items, read and written
through the same access rules, selectors, forms and services as the pages."""
