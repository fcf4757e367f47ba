"""Anvil for tests: `harvest_coop.web3_layer.anvil`, where the simulation
of proposals on a fork needs it too."""

from harvest_coop.web3_layer.anvil import ANVIL, LOCAL_CHAIN_ID, AnvilNode, anvil_binary, free_port

__all__ = ["ANVIL", "LOCAL_CHAIN_ID", "AnvilNode", "anvil_binary", "free_port"]
