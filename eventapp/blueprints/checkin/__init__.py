"""Badges and the door: the scan page, the arrivals dashboard, badge printing
and the participant's own badge."""
