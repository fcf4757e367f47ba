"""harvest-coop: the typed Python layer over the co-op's contracts.

Layers, imported one way (scripts and the web service on top):

- `harvest_coop.core`: plain data and rules, importing neither Ape nor web3
  (constants and enums, parameters, EIP-712, offers and the offer book,
  proposals, typed event records, the shipped ABIs, the deployment file);
- `harvest_coop.ape_layer`: the co-op on Ape (the factory stack,
  governance helpers, the scripts' shared options, the code generator);
- `harvest_coop.web3_layer`: the co-op on web3.py (contracts from the
  shipped ABIs, a transaction sender, governance, the factory stack);
- `harvest_coop.testing`: anvil, test keys, the co-op on titanoboa.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
