"""One module per capability. Each takes the database session and the acting
user explicitly, maps models to domain dataclasses, and flushes; the view that
called it commits once."""
