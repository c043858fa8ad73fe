"""Pure Python core of eventapp: no Flask, no SQLAlchemy, no models.

Frozen dataclasses in; results or typed errors (see ``errors``) out.
"""
