"""The public catalogue of an event's producers and their OCOP products."""
