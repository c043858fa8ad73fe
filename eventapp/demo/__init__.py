"""Demo data: the Sóc Trăng 2020 and Buôn Ma Thuột 2019 supply-demand
conferences, with staff accounts to try every screen.

``seed_demo`` runs the steps in order; each step is a module with
``seed(session, result)`` that adds what its feature shows (people first,
then meetings, MoUs, ...) and does nothing when its data is already there,
so running the demo twice changes nothing. A new feature adds its module to
``STEPS``. Steps create rows directly or through services, never send
e-mails, and flush without committing: the caller commits once.

The data is the same on every run (fixed random seeds), so documentation and
tests can name what they find.
"""

import sqlalchemy.orm as so

from eventapp.demo import checkin, hall, meetings, mous, people
from eventapp.demo.result import DemoAccount, DemoResult

# In order: later steps use what earlier ones made (result.events, accounts).
STEPS = (people, meetings, mous, checkin, hall)

__all__ = ["STEPS", "DemoAccount", "DemoResult", "seed_demo"]


def seed_demo(session: so.Session) -> DemoResult:
    result = DemoResult()
    for step in STEPS:
        step.seed(session, result)
        session.flush()
    return result
