"""harvest-coop: the typed Python layer over the co-op's contracts.

Scripts, tests and the web service all deploy and drive the contracts through
this package instead of repeating ABI handling.
"""
