"""Publishing: a meeting's action notes and the work programme, to print and as Word."""
