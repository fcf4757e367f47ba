"""The wallet page in real headless Chromium (Debian's package, driven by
Playwright). A test wallet is injected as `window.ethereum` (and announced
through EIP-6963); it answers from anvil's default keys with eth-account,
signing typed data exactly as `eth_signTypedData_v4` does. axe-core (from
npm) checks every page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_account import Account
from eth_account.messages import encode_typed_data
from playwright.sync_api import Browser, BrowserContext, Page, expect

from frontend.demo_hook import ServiceHandle
from frontend.devchain import log_harvest
from harvest_coop.testing.keys import anvil_key

from .conftest import ROOT, SCREENSHOTS, Stack, caught_up

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
COOP = "Harvest%20Coop"

WALLET_JS = """
(() => {
  const listeners = {};
  const provider = {
    isHarvestTestWallet: true,
    request: async ({ method, params }) => {
      const answer = JSON.parse(await window.__testWallet(method, JSON.stringify(params || [])));
      if (answer.error) {
        const err = new Error(answer.error.message);
        err.code = answer.error.code;
        throw err;
      }
      return answer.result;
    },
    on: (event, fn) => { (listeners[event] = listeners[event] || []).push(fn); },
    removeListener: () => {},
  };
  window.ethereum = provider;
  window.addEventListener("eip6963:requestProvider", () => {
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", {
      detail: Object.freeze({ info: { uuid: "6b1c7a43-1f0e-4d5e-9b36-5f1d2f3c4b5a", name: "Test wallet", icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E", rdns: "org.harvest.test" }, provider }),
    }));
  });
})();
"""


class TestWallet:
    """An EIP-1193 wallet holding anvil's key `index`; `refuse` makes it say no."""

    def __init__(self, chain: Stack, index: int) -> None:
        self.w3 = chain.w3
        self.key = anvil_key(index)
        self.address = Account.from_key(self.key).address
        self.refuse = False
        self.calls: list[str] = []

    def __call__(self, method: str, params_json: str) -> str:
        self.calls.append(method)
        params = json.loads(params_json)
        try:
            return json.dumps({"result": self.answer(method, params)})
        except WalletError as err:
            return json.dumps({"error": {"code": err.code, "message": str(err)}})

    def answer(self, method: str, params: list[Any]) -> Any:
        if method in ("eth_requestAccounts", "eth_accounts"):
            return [self.address]
        if method == "eth_chainId":
            return hex(self.w3.eth.chain_id)
        if method in ("wallet_switchEthereumChain", "wallet_addEthereumChain"):
            return None
        if method == "eth_signTypedData_v4":
            if self.refuse:
                raise WalletError(4001, "User rejected the request.")
            signer, document = params
            assert signer.lower() == self.address.lower()
            signed = Account.sign_message(encode_typed_data(full_message=json.loads(document)), self.key)
            return "0x" + bytes(signed.signature).hex()
        if method == "eth_sendTransaction":
            if self.refuse:
                raise WalletError(4001, "User rejected the request.")
            tx = dict(params[0])
            assert tx["from"].lower() == self.address.lower()
            call = {
                "from": self.address,
                "to": tx["to"],
                "data": tx["data"],
                "value": int(tx.get("value", "0x0"), 16),
            }
            try:
                gas = self.w3.eth.estimate_gas(call)  # type: ignore[arg-type]
            except Exception as err:
                raise WalletError(-32603, f"execution reverted: {err}") from err
            full = {
                **call,
                "gas": gas + 50_000,
                "nonce": self.w3.eth.get_transaction_count(self.address, "pending"),
                "chainId": self.w3.eth.chain_id,
                "maxFeePerGas": self.w3.eth.gas_price * 2 + 1,
                "maxPriorityFeePerGas": 1,
            }
            signed = Account.sign_transaction(full, self.key)
            return "0x" + bytes(self.w3.eth.send_raw_transaction(signed.raw_transaction)).hex()
        answer = self.w3.provider.make_request(method, params)  # type: ignore[arg-type]
        if "error" in answer:
            raise WalletError(answer["error"].get("code", -32603), answer["error"].get("message", "error"))
        return answer.get("result")


class WalletError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class Visit:
    """One browser context on the page, with console errors collected."""

    def __init__(self, context: BrowserContext, page: Page, base: str) -> None:
        self.context, self.page, self.base = context, page, base
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, fragment: str = "") -> Page:
        self.page.goto(f"{self.base}/#/{fragment}")
        self.page.wait_for_selector("main h1")
        return self.page

    def connect(self) -> None:
        self.page.get_by_role("button", name=re.compile("Connect")).first.click()
        # Connecting is several round trips (the wallet's accounts and chain
        # through the test wallet, the member's standing, the view drawn
        # again): with both cores busy with other suites it has taken over
        # Playwright's default 5 s.
        expect(self.page.locator("#who")).to_contain_text("You are", timeout=20_000)

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's serious and critical violations on the page as it is."""
        self.page.wait_for_load_state("networkidle")
        if not self.page.evaluate("() => !!window.axe"):
            self.page.add_script_tag(content=AXE)
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture
def visits(
    browser: Browser, service: ServiceHandle, chain: Stack, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """`visit(wallet_index=None)`: a fresh browser context, with a test wallet if an index is given."""
    opened: list[Visit] = []

    def visit(wallet_index: int | None = None, width: int = 1280) -> Visit:
        # bypass_csp: only so the test can add axe-core to the page (the page itself loads nothing inline)
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        wallet = None
        if wallet_index is not None:
            wallet = TestWallet(chain, wallet_index)
            context.expose_function("__testWallet", wallet)
            context.add_init_script(WALLET_JS)
        page = context.new_page()
        v = Visit(context, page, service.url)
        v.wallet = wallet  # type: ignore[attr-defined]
        opened.append(v)
        return v

    yield visit
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for i, v in enumerate(opened):
            v.page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{i}.png"), full_page=True)
    for v in opened:
        v.context.close()


def no_console_errors(*visits: Visit) -> None:
    for v in visits:
        assert v.errors == [], v.errors


def test_visitor_without_wallet_reads_everything_accessibly(visits: Any, chain: Stack) -> None:
    v = visits()
    page = v.go()
    expect(page.locator("#who")).to_contain_text("no wallet found")
    assert v.axe() == []
    page.get_by_role("link", name="Harvest Coop").first.click()
    expect(page.locator("main h1")).to_have_text("Offers in Harvest Coop")
    assert v.axe() == []
    for link, heading, text in (
        ("Harvests", "Harvests in Harvest Coop", "tomatoes"),
        ("Members", "Members of Harvest Coop", "founder"),
        ("Proposals", "Proposals in Harvest Coop", "Admit the rooftop-garden newcomer"),
    ):
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.locator("main h1")).to_have_text(heading)
        expect(page.locator("main")).to_contain_text(text)
        assert v.axe() == [], link
    page.get_by_role("link", name="Admit the rooftop-garden newcomer").click()
    expect(page.locator("main")).to_contain_text("State: Active")
    assert v.axe() == []
    # what the proposal would do, simulated on a fork by the service; no wallet needed
    page.get_by_role("button", name="Simulate it on a copy of the chain").click()
    expect(page.locator("#simulation")).to_contain_text("If it passes, it would:", timeout=60_000)
    expect(page.locator("#simulation pre")).to_contain_text("Membership.MemberJoined")
    assert v.axe() == []
    v.go(f"c/{COOP}/batch/{chain.seeded.batches['tomatoes']}")
    expect(page.locator("main")).to_contain_text("Journey")
    expect(page.locator("main table").first).to_contain_text("traded")
    assert v.axe() == []
    v.go(f"c/{COOP}/me")
    expect(page.locator("main")).to_contain_text("Connect your wallet")
    no_console_errors(v)


def test_transparency_page__charts_gini_and_journeys(
    visits: Any, chain: Stack, service: ServiceHandle
) -> None:
    epoch = chain.seeded.pool_epochs[0]
    api = requests.get(f"{service.url}/api/coops/{COOP}/equity", params={"epoch": epoch}, timeout=10).json()
    v = visits()
    page = v.go(f"c/{COOP}/pool/{epoch}")
    expect(page.locator("main h1")).to_have_text("Community pool of Harvest Coop")
    expect(page.locator("#gini")).to_have_text(f"{api['produce']['gini']:.3f}")
    chart = page.locator("svg.chart polyline.lorenz").first
    expect(chart).to_have_count(1)
    assert len(chart.get_attribute("points").split()) == len(api["produce"]["lorenz"])
    expect(page.locator("main")).to_contain_text("Who received what in epoch")
    expect(page.locator("main")).to_contain_text("Across the city")
    assert v.axe() == []
    # every step of a batch given to the pool, each with its transaction
    page.get_by_role("link", name=re.compile("beans")).first.click()
    expect(page.locator("main")).to_contain_text("Journey")
    journey = page.locator("main table").first
    for step in ("logged", "donated", "claimed"):
        expect(journey).to_contain_text(step)
    assert v.axe() == []
    no_console_errors(v)


def short(address: str) -> str:
    """An address as the page shows it."""
    return f"{address[:6]}\u2026{address[-4:]}"


def test_pool_page__bars_per_epoch_and_tables_from_the_index(
    visits: Any, chain: Stack, service: ServiceHandle
) -> None:
    crop = "<i>kohlrabi</i>"  # chain text: shown as text, never markup
    log_harvest(chain.seeded.coop, chain.seeded.founders[1], crop, 450, 30, "Plot <b>9</b>")
    caught_up(service, chain.w3)
    first = chain.seeded.pool_epochs[0]
    base = f"{service.url}/api/coops/{COOP}/pool/epochs"
    figures = requests.get(base, timeout=10).json()["items"]
    v = visits()
    page = v.go(f"c/{COOP}/pool/{first}")
    expect(page.locator("main h1")).to_have_text("Community pool of Harvest Coop")
    # one pair of bars per epoch, each bar the API's grams
    chart = page.locator("svg.chart.flows")
    expect(chart).to_have_count(1)
    expect(chart.locator("g.epoch-bars")).to_have_count(len(figures))
    for e in figures:
        bars = chart.locator(f'g.epoch-bars[data-epoch="{e["epoch"]}"]')
        assert bars.locator("rect.logged").get_attribute("data-grams") == str(e["logged_grams"])
        assert bars.locator("rect.claimed").get_attribute("data-grams") == str(e["claimed_grams"])
    tallest = max(figures, key=lambda e: max(e["logged_grams"], e["claimed_grams"]))
    assert (
        float(
            chart.locator(f'g.epoch-bars[data-epoch="{tallest["epoch"]}"] rect.logged').get_attribute(
                "height"
            )
        )
        == 220
    )
    # the chart's text alternative: a table row per epoch, as the API says
    summary = page.get_by_role("table", name="Produce and credit in each epoch")
    row = summary.locator("tbody tr").nth(first - 1)
    e = figures[first - 1]
    expect(row.locator("td")).to_have_text(
        [
            str(first),
            re.compile(".+"),
            str(e["harvests"]),
            "0 g",
            "2,500 g",
            "2,800 g",
            "0 credit",
            "0 g",
            "0 g",
        ]
    )
    # who claimed what in the epoch: the index's record, row by row
    claims = requests.get(f"{base}/{first}/claimed", timeout=10).json()["items"]
    claimed = page.get_by_role("table", name=f"Who claimed what from the pool in epoch {first}")
    expect(claimed.locator("tbody tr")).to_have_count(len(claims))
    c = claims[2]
    expect(claimed.locator("tbody tr").nth(2).locator("td")).to_have_text(
        [short(c["account"]), f"squash (batch {c['batch_id']})", "600 g", re.compile(".+")]
    )
    expect(page.locator("#gini")).to_be_visible()
    assert v.axe() == []
    # the running epoch, with the new harvest in who grew what
    running = figures[-1]["epoch"]
    page.get_by_role("link", name=f"{running} (running)").click()
    grown = page.get_by_role("table", name=f"Who grew what in epoch {running}")
    expect(grown).to_contain_text(crop)
    expect(grown).to_contain_text("450 g")
    assert grown.locator("i").count() == 0
    assert v.axe() == []
    no_console_errors(v)


def test_phone_width_and_keyboard(visits: Any) -> None:
    v = visits(width=360)
    page = v.go(f"c/{COOP}/batches")
    expect(page.locator("main")).to_contain_text("tomatoes")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a phone"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Skip to the content"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert v.axe() == []
    no_console_errors(v)


def test_crop_name_holding_html_shows_as_text(visits: Any, chain: Stack, service: ServiceHandle) -> None:
    crop = "<img src=x onerror=alert(1)>"
    log_harvest(chain.seeded.coop, chain.seeded.founders[2], crop, 321, 5, "<b>bold</b> plot")
    caught_up(service, chain.w3)
    v = visits()
    page = v.go(f"c/{COOP}/batches")
    expect(page.locator("main table")).to_contain_text(crop)
    expect(page.locator("main table")).to_contain_text("<b>bold</b> plot")
    assert page.locator("main table img").count() == 0
    assert page.locator("main table b").count() == 0
    no_console_errors(v)


def test_offer_signed_by_one_member_filled_by_another_and_escrow_confirmed(visits: Any, chain: Stack) -> None:
    maker, taker, watcher = visits(2), visits(3), visits()
    # a visitor watches the open offers
    watching = watcher.go(f"c/{COOP}/offers")
    expect(watching.locator("main")).to_contain_text("0 open offers")
    # the maker signs an offer in the wallet
    page = maker.go(f"c/{COOP}/offers")
    maker.connect()
    expect(page.locator("#who")).to_contain_text("a member of Harvest Coop")
    page.get_by_label("Produce to give").select_option(str(chain.seeded.batches["kale"]))
    page.get_by_label("Grams to give").fill("1000")
    page.get_by_label("Credit you want for it").fill("5")
    page.get_by_label("Delivery", exact=True).select_option("maker")
    page.get_by_label("Delivery window in days").fill("2")
    page.get_by_role("button", name="Show what I will sign").click()
    words = page.get_by_test_id("offer-words")
    expect(words).to_contain_text(
        f"give 1,000 g of kale from batch {chain.seeded.batches['kale']} for 5 credit, delivery by the maker within 2 days"
    )
    assert maker.axe() == []
    page.get_by_role("button", name="Sign in my wallet and post it").click()
    expect(page.locator("#status")).to_contain_text("Your offer is posted")
    assert "eth_signTypedData_v4" in maker.wallet.calls  # type: ignore[attr-defined]
    # the visitor sees it without a reload
    expect(watching.locator("main")).to_contain_text("1 open offer", timeout=15_000)
    expect(watching.locator("main")).to_contain_text(
        f"1,000 g of kale from batch {chain.seeded.batches['kale']} for 5 credit"
    )
    # another member takes it
    taking = taker.go(f"c/{COOP}/offers")
    taker.connect()
    taking.get_by_role("button", name="Take this offer").click()
    expect(taking.locator("#status")).to_contain_text("You took the offer", timeout=30_000)
    # it leaves the visitor's open list without a reload
    expect(watching.locator("main")).to_contain_text("0 open offers", timeout=15_000)
    # the taker confirms the delivery in the escrow
    taker.go(f"c/{COOP}/me")
    confirm = taking.get_by_role("button", name="Confirm delivery")
    expect(confirm.first).to_be_visible(timeout=15_000)
    count = confirm.count()
    confirm.first.click()
    expect(taking.locator("#status")).to_contain_text("You confirmed the delivery", timeout=30_000)
    expect(taking.get_by_role("button", name="Confirm delivery")).to_have_count(count - 1, timeout=15_000)
    assert taker.axe() == []
    no_console_errors(maker, taker, watcher)


def test_vote_by_signature_through_the_relay(visits: Any, chain: Stack) -> None:
    voter = visits(4)
    page = voter.go(f"c/{COOP}/proposal/{chain.seeded.live_proposal}")
    voter.connect()
    page.get_by_role("button", name="Vote against without gas").click()
    expect(page.locator("#status")).to_contain_text("relayed in transaction", timeout=30_000)
    expect(page.locator("main")).to_contain_text("You voted on this proposal", timeout=15_000)
    assert "eth_sendTransaction" not in voter.wallet.calls  # type: ignore[attr-defined]
    governor = chain.seeded.coop["CoopGovernor"]
    assert governor.functions.hasVoted(chain.seeded.live_proposal, chain.seeded.founders[3]).call()
    no_console_errors(voter)


def test_a_wallet_that_refuses_and_a_member_who_logs_a_harvest(visits: Any, chain: Stack) -> None:
    member = visits(4)
    page = member.go(f"c/{COOP}/me")
    member.connect()
    expect(page.locator("main")).to_contain_text("You are member number")
    assert member.axe() == []
    page.get_by_label("Crop").fill("rhubarb")
    page.get_by_label("Grams").fill("1500")
    page.get_by_label("Best before, in days from now").fill("5")
    page.get_by_label("Where it grew").fill("Allotment 3")
    member.wallet.refuse = True  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log the harvest").click()
    expect(page.locator("#alert")).to_contain_text("You said no in the wallet")
    member.wallet.refuse = False  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log the harvest").click()
    expect(page.locator("#status")).to_contain_text("Your harvest is logged", timeout=30_000)
    expect(page.locator("main")).to_contain_text("rhubarb", timeout=15_000)
    no_console_errors(member)


_ = Path
