"""A participant's own B2B meeting pages, under their private link."""
