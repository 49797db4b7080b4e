"""The committee's year as officers plan it: the work programme, the forward plan of Cabinet
decisions, and call-ins with the decisions they concern and the requests that followed."""
