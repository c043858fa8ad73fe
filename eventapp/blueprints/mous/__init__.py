"""Signed MoUs: the organisers' register and the officials' summary."""
