"""The organisers' B2B meeting pages: setup, requests, the board, printouts."""
