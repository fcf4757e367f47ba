"""The co-op's core: plain data and rules, importing neither Ape nor web3.

Constants and enums (`constants`), deployment parameters (`params`), EIP-712
typed data and digests (`eip712`), offers and escrows (`offers`), the offer
book's rules (`offer_book`), typed records of every contract event
(`events`), the shipped ABIs (`abi`), the deployment file (`deployment`) and
the factory's code layout (`stack_code`).
"""
