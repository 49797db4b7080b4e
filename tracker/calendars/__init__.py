"""Calendar feeds: a committee's meetings and a person's due dates as iCalendar."""
