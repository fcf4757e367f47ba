"""Fifth review of the wallet page, in Debian's Chromium (as an attacker and
as a member): what the page shows a member before they sign or send, and
that every failure is one sentence. Each test was seen failing on the page
(or the service) before its fix. One browser, one service and one seeded
chain for the file; the page's test wallet and `visits` come from test_page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, expect

from frontend.demo_hook import ServiceHandle
from frontend.devchain import log_harvest

from . import test_page as helpers
from .conftest import Stack, caught_up
from .test_api import make_offer, post
from .test_page import COOP, visits

__all__ = ["visits"]  # the browser-context fixture of test_page, shared

RLO, PDI = "\u202e", "\u2069"


class SwitchingWallet(helpers.TestWallet):
    """The test wallet, on whatever chain the member last picked in it
    (`chain_hex`); it records the chain each signature and transaction was
    made on."""

    def __init__(self, chain: Stack, index: int) -> None:
        super().__init__(chain, index)
        self.chain_hex = hex(chain.w3.eth.chain_id)
        self.made_on: list[str] = []

    def answer(self, method: str, params: list[Any]) -> Any:
        if method == "eth_chainId":
            return self.chain_hex
        if method == "wallet_switchEthereumChain":
            self.chain_hex = params[0]["chainId"]
            return None
        if method in ("eth_sendTransaction", "eth_signTypedData_v4"):
            self.made_on.append(self.chain_hex)
        return super().answer(method, params)


@pytest.fixture
def wallet_visit(browser: Browser, service: ServiceHandle) -> Iterator[Any]:
    """`open(wallet)`: a fresh browser context with `wallet` injected."""
    opened: list[helpers.Visit] = []

    def open_with(wallet: helpers.TestWallet) -> helpers.Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.expose_function("__testWallet", wallet)
        context.add_init_script(helpers.WALLET_JS)
        v = helpers.Visit(context, context.new_page(), service.url)
        v.wallet = wallet  # type: ignore[attr-defined]
        opened.append(v)
        return v

    yield open_with
    for v in opened:
        v.context.close()


def char_lefts(page: Any, selector: str, text: str) -> list[float]:
    """The left edge on screen of each character of the first `text` in the
    element's text nodes: in reading order when the page shows it as written."""
    return page.locator(selector).first.evaluate(
        """(node, text) => {
            const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const at = n.data.indexOf(text);
                if (at < 0) continue;
                return [...text].map((_, i) => {
                    const r = document.createRange();
                    r.setStart(n, at + i);
                    r.setEnd(n, at + i + 1);
                    return r.getBoundingClientRect().left;
                });
            }
            return null;
        }""",
        text,
    )


def test_address_with_a_broken_percent_escape__a_sentence_not_a_stuck_page(visits: Any) -> None:
    v = visits()
    page = v.go(f"c/{COOP}/offers")
    expect(page.locator("main h1")).to_have_text("Offers in Harvest Coop")
    # a link anyone can send: '%E0%A4%A' is no UTF-8, so decodeURIComponent throws
    page.evaluate("() => { location.hash = '#/c/%E0%A4%A/offers'; }")
    expect(page.locator("main h1")).to_have_text("Not found")
    expect(page.locator("main")).to_contain_text("This address")
    assert v.errors == [], v.errors


def test_double_click_on_log_harvest__one_transaction(visits: Any, chain: Stack) -> None:
    member = visits(1)
    page = member.go(f"c/{COOP}/me")
    member.connect()
    expect(page.locator("main")).to_contain_text("You are member number")
    page.get_by_label("Crop").fill("chard")
    page.get_by_label("Grams").fill("700")
    page.get_by_label("Best before, in days from now").fill("5")
    page.get_by_label("Where it grew").fill("Plot 4")
    page.get_by_role("button", name="Log the harvest").dblclick()
    expect(page.locator("#status")).to_contain_text("Your harvest is logged", timeout=30_000)
    page.wait_for_timeout(300)  # room for a second transaction, were it sent
    sent = member.wallet.calls.count("eth_sendTransaction")  # type: ignore[attr-defined]
    assert sent == 1, f"one double click sent {sent} transactions (two harvests logged)"
    helpers.no_console_errors(member)


# The page's first request for a co-op held back 2 s (the page's own fetch,
# wrapped before the page's script runs): the view it was drawing finishes
# after the member connected and began typing.
SLOW_FIRST_COOP_READ_JS = """
(() => {
  const realFetch = window.fetch.bind(window);
  let held = false;
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    if (!held && url.includes("/api/coops/")) {
      held = true;
      return new Promise((resolve) => setTimeout(resolve, 2000)).then(() => realFetch(input, init));
    }
    return realFetch(input, init);
  };
})();
"""


def test_view_drawn_before_connecting_finishes_late__the_form_the_member_types_in_stays(
    visits: Any, chain: Stack
) -> None:
    """Race (found by make test on a busy machine): the page drew the view
    once on load and again on connecting; when the first drawing finished
    last (a slow answer), it replaced the second, and what the member had
    typed in the harvest form was gone. Rule: only the newest drawing of the
    view is shown."""
    member = visits(1)
    member.context.add_init_script(SLOW_FIRST_COOP_READ_JS)
    page = member.go(f"c/{COOP}/me")
    member.connect()
    expect(page.locator("main")).to_contain_text("You are member number")
    page.get_by_label("Crop").fill("sorrel")
    page.get_by_label("Grams").fill("100")
    page.wait_for_timeout(2_500)  # the held read answers, and its drawing ends
    expect(page.get_by_label("Crop")).to_have_value("sorrel")
    expect(page.get_by_label("Grams")).to_have_value("100")
    helpers.no_console_errors(member)


def test_offer_preview__the_credit_signed_to_the_last_wei(visits: Any, chain: Stack) -> None:
    maker = visits(2)
    page = maker.go(f"c/{COOP}/offers")
    maker.connect()
    page.get_by_label("Produce to give").select_option(str(chain.seeded.batches["kale"]))
    page.get_by_label("Grams to give").fill("100")
    page.get_by_label("Credit you want for it").fill("2.000000000000000001")
    page.get_by_role("button", name="Show what I will sign").click()
    words = page.get_by_test_id("offer-words")
    # it showed "for 2 credit": the member signs 2 credit and 1 wei
    expect(words).to_contain_text("for 2.000000000000000001 credit")
    page.get_by_label("Credit you want for it").fill("0.00001")
    page.get_by_role("button", name="Show what I will sign").click()
    expect(words).to_contain_text("for 0.00001 credit")  # it showed "0.0000 credit"
    helpers.no_console_errors(maker)


def test_offer_form_changed_after_its_preview__the_old_draft_is_not_offered_to_sign(
    visits: Any, chain: Stack
) -> None:
    maker = visits(2)
    page = maker.go(f"c/{COOP}/offers")
    maker.connect()
    page.get_by_label("Produce to give").select_option(str(chain.seeded.batches["kale"]))
    page.get_by_label("Credit you want for it").fill("5")
    page.get_by_role("button", name="Show what I will sign").click()
    expect(page.get_by_test_id("offer-words")).to_contain_text("for 5 credit")
    # the member raises the price in the form: the button under the old words would sign 5
    page.get_by_label("Credit you want for it").fill("50")
    expect(page.get_by_role("button", name="Sign in my wallet and post it")).to_have_count(0)
    expect(page.get_by_test_id("offer-words")).to_have_count(0)
    helpers.no_console_errors(maker)


def test_crop_with_bidi_controls__cannot_reorder_the_price_a_member_reads(
    visits: Any, chain: Stack, service: ServiceHandle
) -> None:
    grower = chain.seeded.founders[2]  # anvil #3
    # a right-to-left override (and a pop-isolate before it, to close any isolation the page adds)
    crop = f"beets{PDI}{RLO}"
    batch = log_harvest(chain.seeded.coop, grower, crop, 900, 5, f"Plot{RLO} 21")
    caught_up(service, chain.w3)
    maker = visits(3)
    page = maker.go(f"c/{COOP}/offers")
    maker.connect()
    page.get_by_label("Produce to give").select_option(str(batch))
    page.get_by_label("Grams to give").fill("100")
    page.get_by_label("Credit you want for it").fill("15")
    page.get_by_role("button", name="Show what I will sign").click()
    expect(page.get_by_test_id("offer-words")).to_contain_text("for 15 credit")
    one, five = char_lefts(page, "[data-testid=offer-words]", "15 credit")[:2]
    assert one < five, "the maker reads 51 credit where the offer says 15"
    # in the open offers every member reads: a taker would pay what it does not read
    page.get_by_role("button", name="Sign in my wallet and post it").click()
    expect(page.locator("#status")).to_contain_text("Your offer is posted", timeout=30_000)
    row = page.locator("main table tbody tr", has_text="beets")
    expect(row).to_have_count(1, timeout=15_000)
    expect(row).to_contain_text("for 15 credit")
    one, five = char_lefts(page, "main table tbody tr:has-text('beets') td", "15 credit")[:2]
    assert one < five, "a taker reads 51 credit where the offer says 15"
    # the batch's own page: the words after its origin read as written
    maker.go(f"c/{COOP}/batch/{batch}")
    expect(page.locator("main p").first).to_contain_text("harvested")
    left = char_lefts(page, "main p", "harvested")
    assert left == sorted(left), "the batch's sentence reads reversed after its origin"
    helpers.no_console_errors(maker)


def test_wallet_switched_to_another_chain__the_page_switches_back_before_it_sends(
    wallet_visit: Any, chain: Stack
) -> None:
    wallet = SwitchingWallet(chain, 4)
    member = wallet_visit(wallet)
    page = member.go(f"c/{COOP}/me")
    member.connect()
    expect(page.locator("main")).to_contain_text("You are member number")
    wallet.chain_hex = "0x1"  # the member picks mainnet in the wallet meanwhile
    page.get_by_label("Crop").fill("leeks")
    page.get_by_label("Grams").fill("300")
    page.get_by_label("Best before, in days from now").fill("5")
    page.get_by_label("Where it grew").fill("Plot 8")
    page.get_by_role("button", name="Log the harvest").click()
    expect(page.locator("#status")).to_contain_text("Your harvest is logged", timeout=30_000)
    real = hex(chain.w3.eth.chain_id)
    assert wallet.made_on == [real], f"the wallet was asked to send on {wallet.made_on}, not {real}"
    helpers.no_console_errors(member)


def test_api_docs_linked_from_the_page__load_nothing_from_outside_the_service(
    visits: Any, service: ServiceHandle
) -> None:
    """The page's footer links the API's docs, on the wallet page's origin
    (where the member's wallet has let this site ask it to sign and send):
    FastAPI's /docs ran Swagger UI's script from a CDN there, without a CSP,
    and showed nothing on a market's network without internet."""
    v = visits()
    page = v.go("")
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(service.url) else None)
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.locator("body")).to_contain_text("/api/offers")
    page.wait_for_load_state("networkidle")
    assert outside == [], outside
    assert v.axe() == []
    answer = requests.get(page.url, timeout=10)
    assert "script-src 'self'" in answer.headers.get("content-security-policy", ""), answer.headers


def tamper(page: Any, pattern: str, change: Any) -> None:
    """Answers to `pattern` reach the page changed by `change(body)`: a
    service (or a proxy before it) that prepares other typed data than the
    member asked for."""

    def handle(route: Any) -> None:
        response = route.fetch()
        body = response.json()
        change(body)
        route.fulfill(response=response, json=body)

    page.route(pattern, handle)


def test_typed_data_for_another_contract_chain_or_choice__refused_before_the_wallet_signs(
    visits: Any, chain: Stack
) -> None:
    """What the wallet signs must be what the member chose, for this co-op's
    contract on this chain: the page signed whatever typed data came back
    (and told the member the service's words, not the ballot's)."""
    coop = chain.seeded.coop
    voter = visits(5)  # founders[4] lent its vote, but a ballot is asked for all the same
    page = voter.go(f"c/{COOP}/proposal/{chain.seeded.live_proposal}")
    voter.connect()
    cases = [
        ("domain", "verifyingContract", coop["NutrientExchange"].address),
        ("domain", "chainId", 1),
        ("message", "support", "1"),
    ]
    for part, key, value in cases:
        page.unroute("**/ballot?**")
        tamper(
            page, "**/ballot?**", lambda body, p=part, k=key, x=value: body["typed_data"][p].__setitem__(k, x)
        )
        page.get_by_role("button", name="Vote against without gas").click()
        expect(page.locator("#alert")).to_have_text(
            "The service prepared a ballot that is not the one you asked for, for Harvest Coop on this chain; nothing was signed."
        )
        assert "eth_signTypedData_v4" not in voter.wallet.calls, (part, key)  # type: ignore[attr-defined]
        page.locator("#alert").evaluate("node => { node.textContent = ''; }")
    # an offer draft for another contract: no words to sign under it
    maker = visits(2)
    page = maker.go(f"c/{COOP}/offers")
    maker.connect()
    tamper(
        page,
        "**/offer-drafts",
        lambda body: body["typed_data"]["domain"].__setitem__(
            "verifyingContract", coop["CoopGovernor"].address
        ),
    )
    page.get_by_label("Produce to give").select_option(str(chain.seeded.batches["kale"]))
    page.get_by_role("button", name="Show what I will sign").click()
    expect(page.locator("#alert")).to_contain_text("nothing was signed")
    expect(page.get_by_role("button", name="Sign in my wallet and post it")).to_have_count(0)
    helpers.no_console_errors(voter, maker)


# A wallet written in the page's own JavaScript: it holds `ADDRESS`, is on the
# service's chain, rejects every transaction with a bare object (as some
# wallets do: no message), and lets the test emit its events.
SCRIPTED_WALLET_JS = """
(() => {
  const listeners = {};
  const provider = {
    request: async ({ method, params }) => {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [ADDRESS];
      if (method === "eth_chainId") return CHAIN;
      if (method === "eth_sendTransaction") {
        window.__sentFrom = (window.__sentFrom || []).concat([params[0].from]);
        throw { code: -32000 };
      }
      throw { code: 4200, message: "unsupported" };
    },
    on: (event, fn) => { (listeners[event] = listeners[event] || []).push(fn); },
    removeListener: () => {},
  };
  window.ethereum = provider;
  window.__emit = (event, value) => (listeners[event] || []).forEach((fn) => fn(value));
})();
"""


def scripted_wallet(browser: Browser, service: ServiceHandle, chain: Stack, address: str) -> helpers.Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    script = SCRIPTED_WALLET_JS.replace("ADDRESS", repr(address)).replace(
        "CHAIN", repr(hex(chain.w3.eth.chain_id))
    )
    context.add_init_script(script)
    return helpers.Visit(context, context.new_page(), service.url)


def test_wallet_that_rejects_with_a_bare_object__a_sentence_not_object_object(
    browser: Browser, service: ServiceHandle, chain: Stack
) -> None:
    v = scripted_wallet(browser, service, chain, chain.seeded.founders[0])
    try:
        page = v.go(f"c/{COOP}/me")
        v.connect()
        expect(page.locator("main")).to_contain_text("You are member number")
        page.get_by_label("Crop").fill("sorrel")
        page.get_by_label("Grams").fill("100")
        page.get_by_label("Where it grew").fill("Plot 2")
        page.get_by_role("button", name="Log the harvest").click()
        alert = page.locator("#alert")
        expect(alert).to_contain_text("wallet")
        assert "[object Object]" not in alert.text_content(), alert.text_content()
        expect(alert).to_contain_text("-32000")
        helpers.no_console_errors(v)
    finally:
        v.context.close()


def test_disconnected__the_wallets_events_do_not_connect_the_page_again(
    browser: Browser, service: ServiceHandle, chain: Stack
) -> None:
    v = scripted_wallet(browser, service, chain, chain.seeded.founders[0])
    try:
        page = v.go(f"c/{COOP}/offers")
        v.connect()
        page.get_by_role("button", name="Disconnect").click()
        expect(page.locator("#who")).to_contain_text("Reading only")
        # the member picks another account in the wallet: the page they disconnected stays reading only
        page.evaluate("(a) => window.__emit('accountsChanged', [a])", chain.seeded.founders[1])
        page.wait_for_timeout(300)  # room for the page to take the account, were it listening
        expect(page.locator("#who")).to_contain_text("Reading only")
        expect(page.get_by_role("button", name="Take this offer")).to_have_count(0)
        helpers.no_console_errors(v)
    finally:
        v.context.close()


def test_longest_crop_and_origin_without_spaces__the_batch_page_fits_a_phone(
    visits: Any, chain: Stack, service: ServiceHandle
) -> None:
    """A grower names a crop with 32 letters and an origin with 128 and no
    space: the batch's heading and sentence ran off a phone's screen (the
    whole page scrolled sideways)."""
    batch = log_harvest(chain.seeded.coop, chain.seeded.founders[3], "W" * 32, 250, 5, "M" * 128)
    caught_up(service, chain.w3)
    v = visits(width=360)
    page = v.go(f"c/{COOP}/batch/{batch}")
    expect(page.locator("main p").first).to_contain_text("M" * 128)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a phone"
    helpers.no_console_errors(v)


def test_unknown_coop_after_a_known_one__not_shown_with_the_known_ones_contracts(visits: Any) -> None:
    """After #/c/Harvest Coop, #/c/Nobody said 'Not found' once, but the next
    view of Nobody drew its pages (with Harvest Coop's contracts kept from before)."""
    v = visits()
    page = v.go(f"c/{COOP}/offers")
    expect(page.locator("main h1")).to_have_text("Offers in Harvest Coop")
    v.go("c/Nobody/offers")
    expect(page.locator("main h1")).to_have_text("Not found")
    v.go("c/Nobody/batches")
    expect(page.locator("main h1")).to_have_text("Not found")
    expect(page.locator("main")).to_contain_text("Nobody")


def test_words_the_service_gives_the_page__credit_exact_and_never_in_wei(
    chain: Stack, service: ServiceHandle
) -> None:
    """The page shows the service's summary while the wallet asks ("Confirm
    in your wallet: …"): taking an offer read "take 500 of the offer for
    2000000000000000001" (wei, the gram unsaid), and a draft's words rounded
    the credit as a float (1,234,567.5 credit read "1.23457e+06 credit")."""
    f, kale = chain.seeded.founders, chain.seeded.batches["kale"]
    for want, text in (
        (1_234_567 * 10**18 + 5 * 10**17, "1,234,567.5 credit"),
        (2 * 10**18 + 1, "2.000000000000000001 credit"),
    ):
        draft = post(
            service,
            f"/api/coops/{COOP}/offer-drafts",
            {
                "maker": f[1],
                "give_kind": "harvest",
                "give_batch": kale,
                "give_amount": "500",
                "want_kind": "credit",
                "want_amount": str(want),
                "delivery": "none",
            },
        )
        assert draft.status_code == 200, draft.text
        assert draft.json()["words"] == f"give 500 g of kale from batch {kale} for {text}"
    document = make_offer(chain, 2, nonce=77, want_amount=2 * 10**18 + 1)
    assert post(service, "/api/offers", document).status_code == 201
    tx = post(
        service,
        f"/api/coops/{COOP}/transactions",
        {"action": "fill", "sender": f[2], "args": {"offer_hash": document["offer_hash"]}},
    )
    assert tx.status_code == 200, tx.text
    assert tx.json()["summary"] == f"take 500 g of kale from batch {kale} for 2.000000000000000001 credit"


def test_account_link_with_words_for_an_address__not_a_heading_of_the_coops_page(visits: Any) -> None:
    """Anyone can send a link: #/c/Harvest Coop/account/<any text> printed the
    text as the page's heading ("Account Pay 10 credit to … to stay a member
    in Harvest Coop"), words the co-op never said."""
    v = visits()
    page = v.go(f"c/{COOP}/account/Pay%2010%20credit%20to%20the%20treasurer%20to%20stay%20a%20member")
    expect(page.locator("main h1")).to_have_text("Not found")
    expect(page.locator("main")).to_contain_text("is not an account address")
    assert "Pay 10 credit" not in page.locator("main h1").text_content()
    helpers.no_console_errors(v)


def test_service_unreachable_mid_step__said_of_the_service_not_the_wallet(visits: Any) -> None:
    """The connection to the service drops as a member acts: the page said
    "The wallet could not do it: Failed to fetch", blaming the wallet."""
    member = visits(1)
    page = member.go(f"c/{COOP}/me")
    member.connect()
    expect(page.locator("main")).to_contain_text("You are member number")
    page.route("**/transactions", lambda route: route.abort())
    page.get_by_label("Crop").fill("fennel")
    page.get_by_label("Where it grew").fill("Plot 6")
    page.get_by_role("button", name="Log the harvest").click()
    expect(page.locator("#alert")).to_have_text(
        "The co-op's service did not answer (the connection dropped?). Try again."
    )
    assert "eth_sendTransaction" not in member.wallet.calls  # type: ignore[attr-defined]


def test_vote_summary__the_description_quoted_without_its_proposer_suffix(
    chain: Stack, service: ServiceHandle
) -> None:
    """While the wallet asks, the page shows the service's summary: a vote's
    ran the description into the sentence unquoted and cut inside the
    `#proposer=0x…` suffix, so a description could read as the page's own words."""
    tx = post(
        service,
        f"/api/coops/{COOP}/transactions",
        {
            "action": "vote",
            "sender": chain.seeded.founders[2],
            "args": {"proposal_id": str(chain.seeded.live_proposal), "support": 0},
        },
    )
    assert tx.status_code == 200, tx.text
    assert tx.json()["summary"] == "vote against on \u201cAdmit the rooftop-garden newcomer\u201d"


def test_page_scripts_revalidated__a_fixed_page_reaches_members_at_once(service: ServiceHandle) -> None:
    """The page is served `no-cache`, but its script and stylesheet had no
    Cache-Control: a browser may reuse them from its cache by heuristic
    (a tenth of their age) without asking, so a security fix of app.js
    reached members hours or days late."""
    for path in ("/static/app.js", "/static/app.css"):
        answer = requests.get(f"{service.url}{path}", timeout=10)
        assert answer.status_code == 200
        assert "no-cache" in answer.headers.get("cache-control", ""), (path, dict(answer.headers))
        assert answer.headers.get("etag") or answer.headers.get("last-modified"), path


def test_network_login_page_in_place_of_the_api__a_sentence_not_a_type_error(visits: Any) -> None:
    """A market's Wi-Fi answers every request with its login page (200,
    HTML): the page showed "Could not load this: Cannot read properties of
    null (reading 'items')"."""
    v = visits()
    v.page.route(
        "**/api/coops?**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<html><body>Log in to MarketWiFi</body></html>"
        ),
    )
    page = v.go("")
    expect(page.locator("main")).to_contain_text(
        "The co-op's service answered something that is not its data"
    )
    assert "Cannot read properties" not in page.locator("main").text_content()


def test_wallet_on_another_chain_that_cannot_switch__told_which_chain_to_pick(
    browser: Browser, service: ServiceHandle, chain: Stack
) -> None:
    """A wallet on mainnet that cannot switch chains from a page (4200): the
    member read "The wallet could not do it: unsupported" and not what to do."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    script = SCRIPTED_WALLET_JS.replace("ADDRESS", repr(chain.seeded.founders[0])).replace(
        "CHAIN", repr("0x1")
    )
    context.add_init_script(script)
    v = helpers.Visit(context, context.new_page(), service.url)
    try:
        page = v.go(f"c/{COOP}/offers")
        page.get_by_role("button", name=re.compile("Connect")).first.click()
        expect(page.locator("#alert")).to_have_text(
            f"Your wallet is on another chain and could not switch: pick chain {chain.w3.eth.chain_id} in it, then try again."
        )
        expect(page.locator("#who")).to_contain_text("Reading only")
    finally:
        context.close()


def test_account_changed_while_a_transaction_is_prepared__not_sent_from_the_other_account(
    browser: Browser, service: ServiceHandle, chain: Stack
) -> None:
    """The member picks another account in the wallet while the service
    prepares a transaction for the first: the page sent what was prepared
    (and checked) for one account from the other."""
    first, other = chain.seeded.founders[0], chain.seeded.founders[1]
    v = scripted_wallet(browser, service, chain, first)
    try:
        page = v.go(f"c/{COOP}/me")
        v.connect()
        expect(page.locator("main")).to_contain_text("You are member number")

        def switch_then_prepare(route: Any) -> None:
            page.evaluate("(a) => window.__emit('accountsChanged', [a])", other)
            route.continue_()

        page.route("**/transactions", switch_then_prepare)
        page.get_by_label("Crop").fill("endive")
        page.get_by_label("Where it grew").fill("Plot 1")
        page.get_by_role("button", name="Log the harvest").click()
        expect(page.locator("#alert")).to_contain_text("account changed")
        sent = page.evaluate("() => window.__sentFrom || []")
        assert [s.lower() for s in sent] in ([], [first.lower()]), f"sent from {sent}, prepared for {first}"
    finally:
        v.context.close()
