"""harvest-coop's web service: an event index of every registered co-op, a
JSON API, the off-chain offer book, a gasless vote relay and the wallet page.

Modules, data flowing one way: `config` → `chain` → `index` (models, store,
follower, handlers) → `offer_book`, `relay` → `api` → `static` (the page) →
`app` (`create_app`) and `__main__` (`python -m frontend`). `demo_hook`
starts the service beside `make demo`'s chain. See docs/web.md.
"""
