"""Assessment scales: loading a council's scale file, and reloading it in place."""
