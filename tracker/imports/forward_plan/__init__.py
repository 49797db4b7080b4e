"""Importing an extract of the council's forward plan of Cabinet decisions, from CSV or XLSX."""
