"""Importing and exporting an event's participant list as CSV or XLSX."""
