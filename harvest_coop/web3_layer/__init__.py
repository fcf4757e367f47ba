"""The co-op on web3.py: read contracts from the shipped ABIs and a
deployment file (`contracts`), send transactions (`sender`), drive a
proposal (`governance`) and deploy the factory stack (`stack`). No Ape, no
compiler."""
