"""The meeting scheduler's parts; the public entry points are in ``eventapp.domain.scheduler``.

- ``problem``: the problem's frozen dataclasses, JSON exchange format and checks;
- ``schedule``: schedule, figures, reasons, ``evaluate`` and ``validate``;
- ``compiled``: the problem as indices and bit masks for the search;
- ``relaxation``: a warm start from the linear relaxation (HiGHS);
- ``search``: greedy start and simulated annealing;
- ``solver``: ``solve``, tying them together within a time limit.
"""
