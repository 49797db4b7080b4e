"""Performance reports the committee receives: indicators, their targets and monthly values."""
