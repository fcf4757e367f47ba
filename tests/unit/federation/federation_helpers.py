"""Constants shared by Federation's unit tests (a module of its own so the
name is unique on sys.path)."""

from harvest_coop.core.constants import FederationStatus

DAY = 86_400
CREDIT = 10**18
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
NONE, PROPOSED, ACTIVE = FederationStatus.NONE, FederationStatus.PROPOSED, FederationStatus.ACTIVE
