"""Use cases over a unit of work: every business rule of the server lives here."""
