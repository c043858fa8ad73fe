"""B2B matchmaking: setup, requests, the board, agendas and outcomes."""
