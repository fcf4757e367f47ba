"""Property: log_harvest accepts a crop and an origin exactly when Python's
strict `bytes.decode("utf-8")` does, for random byte strings (and the
contract's refusal names the field). Run on titanoboa, not Ape: thousands of
calls in a fraction of the time; the raw calldata carries bytes that are not
valid UTF-8, which no `str` could."""

import boa
import pytest
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvest_coop.testing.boa import compiled

DAY = 86_400
SELECTOR = function_signature_to_4byte_selector("log_harvest(string,uint256,uint64,uint64,string)")

# Bytes around every boundary of UTF-8 (ASCII, continuation bytes and their
# sub-ranges after E0 / ED / F0 / F4, lead bytes C0..C2, DF, E0, E1, ED, EE,
# EF, F0, F1, F4, F5, FF), so random strings hit the edge cases often.
EDGES = [0x00, 0x20, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1]
EDGES += [0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF]


def byte_strings(max_size: int):
    return st.one_of(
        st.binary(max_size=max_size),
        st.lists(st.sampled_from(EDGES), max_size=max_size).map(bytes),
        st.text(max_size=max_size // 4).map(str.encode),
        # valid text with one byte changed
        st.tuples(st.text(min_size=1, max_size=max_size // 4), st.integers(), st.sampled_from(EDGES)).map(
            lambda t: (lambda b: b[: t[1] % len(b)] + bytes([t[2]]) + b[t[1] % len(b) + 1 :])(t[0].encode())
        ),
    )


@pytest.fixture(scope="module")
def deployed():
    env = boa.Env()
    with boa.swap_env(env):
        timelock_stand_in = boa.env.generate_address("timelock")
        grower = boa.env.generate_address("grower")
        membership = compiled("MockMembership").deploy(timelock_stand_in)
        membership.set_member(grower, True)
        harvest = compiled("HarvestToken").deploy(membership.address, timelock_stand_in)
        yield env, harvest, grower


def verdict(deployed, crop: bytes, origin: bytes) -> str:
    """ "ok", or the revert reason of log_harvest(crop, ..., origin)."""
    env, harvest, grower = deployed
    with boa.swap_env(env):
        now = boa.env.evm.patch.timestamp
        data = SELECTOR + encode(
            ["bytes", "uint256", "uint64", "uint64", "bytes"], [crop, 1, now - DAY, now + DAY, origin]
        )
        with boa.env.anchor():
            computation = boa.env.execute_code(harvest.address, sender=grower, data=data)
        if not computation.is_error:
            return "ok"
        output = bytes(computation.output)
        return encode_reason(output)


def encode_reason(output: bytes) -> str:
    # Error(string): selector, offset, length, text.
    length = int.from_bytes(output[36:68], "big")
    return output[68 : 68 + length].decode()


def is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


SETTINGS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(crop=byte_strings(32).filter(lambda b: 0 < len(b) <= 32))
def test_log_harvest__crop__valid_exactly_when_python_decodes_it(deployed, crop):
    expected = "ok" if is_utf8(crop) else "harvest: crop is not valid UTF-8"
    assert verdict(deployed, crop, b"plot") == expected, crop


@SETTINGS
@given(origin=byte_strings(128).filter(lambda b: len(b) <= 128))
def test_log_harvest__origin__valid_exactly_when_python_decodes_it(deployed, origin):
    expected = "ok" if is_utf8(origin) else "harvest: origin is not valid UTF-8"
    assert verdict(deployed, b"Kale", origin) == expected, origin
