"""The outstanding list: what is still tracked, its pages, rows and exports."""
