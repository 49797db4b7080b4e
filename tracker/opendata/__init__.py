"""Open data: each committee's public record of a municipal year, as CSV and JSON files,
with the schema (`schema.DATASETS`) that both the files and their documentation page read."""
