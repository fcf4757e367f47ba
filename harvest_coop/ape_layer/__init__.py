"""The co-op on Ape: the factory stack (`stack`), governance helpers
(`governance`), the command-line plumbing the `ape run` scripts share
(`cli`), and the generator of the shipped artifacts, typed event records and
the ABI reference (`generate`)."""
