"""Importing a tracker from CSV or XLSX: in the columns the outstanding-list export writes,
or in a council's own columns once the officer has mapped them (`mapping`)."""
