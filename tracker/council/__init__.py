"""The council's settings and each committee's rules, kept by administrators in the app:
the council's name and wording, and a committee's standing items, report deadline rule and
default assessment scale."""
