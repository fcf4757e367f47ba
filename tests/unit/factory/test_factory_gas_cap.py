"""Each of the factory's two transactions fits an Osaka-era transaction
(EIP-7825: at most 2**24 gas), at the largest co-op the factory accepts
(64 founders), even when sent with exactly that gas limit."""

from eth_account import Account

from harvest_coop.ape_layer.stack import TX_GAS_CAP


def test_create_and_finish__64_founders__each_fit_under_the_transaction_gas_cap(
    factory, creator, make_params, config_of
):
    params = make_params(name="Sixty-four", founders=[Account.create().address for _ in range(64)])
    first = factory.create_coop(config_of(params), sender=creator, gas_limit=TX_GAS_CAP)
    second = factory.finish_coop(params.name, "Credit", "CRD", sender=creator, gas_limit=TX_GAS_CAP)
    assert first.gas_used <= TX_GAS_CAP
    assert second.gas_used <= TX_GAS_CAP
    assert factory.REGISTRY() and not factory.is_pending(params.name)
