"""What tests, the benchmark and the demo need and a member's tools never
do: a local anvil node (`anvil`), anvil's well-known test keys and signing
with them (`keys`), and the co-op on titanoboa (`boa`).

Test constants live where everything else reads them
(`harvest_coop.core.constants`: `ZERO_ADDRESS`, `DAY`, ...)."""
