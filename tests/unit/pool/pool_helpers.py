"""Constants shared by ResourcePool's unit tests (conftest.py and the test
files import them; a module of its own so the name is unique on sys.path)."""

DAY = 86_400
WEEK = 7 * DAY
CREDIT = 10**18
FUNDS = 1_000 * CREDIT
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
