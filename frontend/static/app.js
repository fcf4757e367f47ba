// Harvest co-op's page: reads through the service's API, acts through the
// member's own wallet (EIP-1193; EIP-6963 discovery). Chain text is always
// inserted as text (textContent), never as markup. No build step.

const state = {
  config: null,
  coop: null, // the co-op shown
  coopInfo: null,
  provider: null, // EIP-1193 provider
  providers: [], // EIP-6963 announcements
  account: null,
  me: null, // /accounts answer for the connected account
  refreshers: [],
};

// ---------------------------------------------------------------- helpers

// Chain text is anyone's (a crop, an origin, a co-op's name, a description):
// its explicit bidi controls (embeddings, overrides, isolates) are dropped
// wherever the page writes text, so a right-to-left override in a crop name
// cannot reverse the price or the batch number the sentence shows after it
// ("for 15 credit" read as "for 51 credit").
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const plain = (text) => String(text).replace(BIDI_CONTROLS, "");

// Chain text inside a sentence, also isolated from the words around it.
const named = (text) => el("bdi", {}, text);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = plain(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(plain(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function say(message) {
  document.getElementById("alert").textContent = "";
  document.getElementById("status").textContent = plain(message);
}

function complain(message) {
  document.getElementById("status").textContent = "";
  document.getElementById("alert").textContent = plain(message);
}

class ApiError extends Error {
  constructor(code, detail) {
    super(detail);
    this.code = code;
  }
}

// The page's own refusal (its message is the sentence to show).
class Refusal extends Error {}

// The sentence for whatever stopped a step: the service's, the page's or the wallet's.
const failure = (err) => (err instanceof ApiError || err instanceof Refusal ? err.message : walletMessage(err));

async function api(path, options = {}) {
  const init = { headers: { Accept: "application/json" } };
  if (options.body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (_) {
    // the service, not the wallet: fetch says only "Failed to fetch"
    throw new ApiError("unreachable", "The co-op's service did not answer (the connection dropped?). Try again.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch (_) {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(data && data.error, (data && typeof data.detail === "string" && data.detail) || `The co-op's service answered ${response.status}; try again.`);
  }
  // 200 but not JSON: something between (a network's login page) answered
  if (data === null || typeof data !== "object") throw new ApiError("unreadable", "The co-op's service answered something that is not its data (a network's login page?). Try again.");
  return data;
}

const coopPath = (suffix = "") => `/api/coops/${encodeURIComponent(state.coop)}${suffix}`;

function short(address) {
  return address ? `${address.slice(0, 6)}…${address.slice(-4)}` : "nobody";
}

function who(address) {
  if (!address) return "nobody";
  if (state.account && address.toLowerCase() === state.account.toLowerCase()) return `you (${short(address)})`;
  return short(address);
}

// `who`, as a link to the account's standing in the co-op (anyone may read it).
const whoLink = (address) => el("a", { href: `#/c/${encodeURIComponent(state.coop)}/account/${address}`, title: address }, who(address));

const grams = (n) => `${BigInt(n).toLocaleString("en")} g`;

// Credit to the last of its 18 decimals: what a member signs or pays is
// never shown rounded (2 credit and 1 wei is not "2 credit").
function credit(base) {
  const value = BigInt(base);
  const whole = value / 10n ** 18n;
  const frac = (value % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return `${whole.toLocaleString("en")}${frac ? "." + frac : ""} credit`;
}

function parseCredit(text) {
  const match = /^\s*(\d+)(?:\.(\d{0,18}))?\s*$/.exec(text);
  if (!match) throw new Error("Type the credit as a number, like 5 or 2.5.");
  return (BigInt(match[1]) * 10n ** 18n + BigInt((match[2] || "").padEnd(18, "0"))).toString();
}

function when(ts) {
  if (ts === null || ts === undefined) return "—";
  const date = new Date(Number(ts) * 1000);
  // a uint64 a maker signed (an expiry, a delivery window) can lie past the calendar's end
  if (Number.isNaN(date.getTime())) return "far in the future";
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

function duration(seconds) {
  const s = Number(seconds);
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? "" : "s"}`;
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? "" : "s"}`;
  return `${Math.round(s / 60)} minutes`;
}

function table(caption, headers, rows) {
  return el(
    "div",
    { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
    el(
      "table",
      {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.length ? rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))) : el("tr", {}, el("td", { colspan: headers.length }, "Nothing yet."))),
    ),
  );
}

function field(label, input, hint) {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const parts = [el("label", { for: id }, label), input];
  if (hint) {
    const hintId = `${id}-hint`;
    input.setAttribute("aria-describedby", hintId);
    parts.push(el("p", { class: "hint", id: hintId }, hint));
  }
  return el("div", {}, parts);
}

// A live section: rebuilt when the index reports news (no reload).
function live(render) {
  const box = el("div", { class: "live" });
  let drawn = false;
  const refresh = async () => {
    if (drawn && !box.isConnected) return; // a section of a drawing that was not shown, or left
    drawn = true;
    try {
      const content = await render();
      clear(box).append(...[content].flat());
    } catch (err) {
      clear(box).append(el("p", {}, `Could not load this: ${err.message}`));
    }
  };
  state.refreshers.push(refresh);
  refresh();
  return box;
}

// A list the API pages (200 rows a page): render(offset, go) draws the rows
// from `offset`, with `pager(page, go)` under them; go(offset) shows others.
// Refreshed on live updates, at the rows shown.
const PAGE = 200;

function paged(render) {
  let offset = 0;
  let refresh = null;
  const box = live(() =>
    render(offset, (to) => {
      offset = to;
      refresh();
    }),
  );
  refresh = state.refreshers[state.refreshers.length - 1];
  return box;
}

// Which rows of the list are shown, and buttons to the rows before and after.
function pager(page, go) {
  if (page.offset === 0 && page.items.length >= page.total) return null;
  const last = page.offset + page.items.length;
  return el(
    "p",
    { class: "pager" },
    page.items.length ? `${page.offset + 1}–${last} of ${page.total} ` : `Nothing after row ${page.total}. `,
    page.offset > 0 ? el("button", { type: "button", class: "secondary", onclick: () => go(Math.max(Math.min(page.offset, page.total) - PAGE, 0)) }, `Previous ${PAGE}`) : null,
    page.offset > 0 && last < page.total ? " " : null,
    last < page.total ? el("button", { type: "button", class: "secondary", onclick: () => go(page.offset + PAGE) }, `Next ${PAGE}`) : null,
  );
}

// ---------------------------------------------------------------- wallet

function discover() {
  window.addEventListener("eip6963:announceProvider", (event) => {
    const detail = event.detail;
    if (detail && detail.provider && !state.providers.some((p) => p.info.uuid === detail.info.uuid)) {
      state.providers.push(detail);
      renderWallet();
    }
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
}

function walletsOnOffer() {
  const list = state.providers.map((p) => ({ name: p.info.name || "wallet", provider: p.provider }));
  if (!list.length && window.ethereum) list.push({ name: "your browser's wallet", provider: window.ethereum });
  return list;
}

function renderWallet() {
  const box = clear(document.getElementById("wallet-controls"));
  const whoLine = document.getElementById("who");
  if (state.account) {
    const member = state.me && state.me.member && state.me.member.active;
    clear(whoLine).append(`You are ${short(state.account)}`, ...(state.coopInfo ? [member ? ", a member of " : ", not a member of ", named(state.coop)] : []), ".");
    box.append(el("button", { type: "button", class: "secondary", onclick: disconnect }, "Disconnect"));
    return;
  }
  const wallets = walletsOnOffer();
  if (!wallets.length) {
    whoLine.textContent = "Reading only: no wallet found in this browser.";
    return;
  }
  whoLine.textContent = "Reading only: no wallet connected.";
  for (const w of wallets) {
    box.append(el("button", { type: "button", onclick: () => connect(w.provider) }, wallets.length > 1 ? `Connect ${w.name}` : "Connect wallet"));
  }
}

async function ensureChain(provider) {
  const want = "0x" + state.config.chain_id.toString(16);
  const have = await provider.request({ method: "eth_chainId" });
  if (String(have).toLowerCase() === want) return;
  try {
    try {
      await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: want }] });
    } catch (err) {
      if (err && (err.code === 4902 || err.code === -32603)) {
        await provider.request({
          method: "wallet_addEthereumChain",
          params: [{ chainId: want, chainName: "Harvest co-op chain", rpcUrls: [state.config.rpc_url], nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 } }],
        });
      } else {
        throw err;
      }
    }
  } catch (err) {
    if (err && err.code === 4001) throw err; // the member said no: said so
    // a wallet that cannot switch from a page (4200) or failed to: what to do
    throw new Refusal(`Your wallet is on another chain and could not switch: pick chain ${state.config.chain_id} in it, then try again.`);
  }
}

function walletMessage(err) {
  if (err && err.code === 4001) return "You said no in the wallet; nothing was signed or sent.";
  if (err && err.code === 4100) return "The wallet did not allow this page to use the account.";
  // wallets reject with an Error, a bare object ({code}) or a string
  const said = err && (err.message || (err.data && err.data.message));
  const code = err && err.code !== undefined ? ` (error ${err.code})` : "";
  const text = typeof said === "string" && said ? said : typeof err === "string" && err ? err : `it gave no reason${code}`;
  if (/revert/i.test(text)) return `The co-op's contract refused it: ${text}`;
  return `The wallet could not do it: ${text}`;
}

async function connect(provider) {
  try {
    const accounts = await provider.request({ method: "eth_requestAccounts" });
    if (!accounts || !accounts.length) throw new Error("the wallet gave no account");
    await ensureChain(provider);
    state.provider = provider;
    state.account = accounts[0];
    listenTo(provider);
    await loadMe();
    say(`Connected as ${state.account}.`);
    route();
  } catch (err) {
    complain(failure(err));
  }
}

// A wallet's events, listened to once per wallet, and only while the page is
// connected to it: after Disconnect, another account picked in the wallet
// does not connect the page again.
const heard = new WeakSet();

function listenTo(provider) {
  if (!provider.on || heard.has(provider)) return;
  heard.add(provider);
  provider.on("accountsChanged", (list) => {
    if (state.provider !== provider) return;
    state.account = list && list.length ? list[0] : null;
    if (!state.account) state.provider = null;
    loadMe().then(route);
  });
  provider.on("chainChanged", () => {
    if (state.provider === provider) route();
  });
}

function disconnect() {
  state.provider = null;
  state.account = null;
  state.me = null;
  renderWallet(); // the header said "You are …" and kept its Disconnect button
  say("Disconnected: reading only.");
  route();
}

async function loadMe() {
  state.me = null;
  if (state.account && state.coop) {
    try {
      state.me = await api(coopPath(`/accounts/${state.account}`));
    } catch (_) {
      state.me = null;
    }
  }
  renderWallet();
}

async function waitForReceipt(hash) {
  for (let i = 0; i < 240; i++) {
    const receipt = await state.provider.request({ method: "eth_getTransactionReceipt", params: [hash] });
    if (receipt) return receipt;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the transaction was not mined within two minutes");
}

// One wallet step at a time: a second click (a double click, another button)
// while the wallet still asks about the first would send or sign twice.
let walletBusy = false;

async function oneAtATime(step) {
  if (walletBusy) {
    complain("Your wallet is still busy with your last step: answer it there first.");
    return false;
  }
  walletBusy = true;
  try {
    return await step();
  } finally {
    walletBusy = false;
  }
}

// Prepare a call with the service (it encodes it with the co-op's ABIs),
// then the member's wallet shows, signs and sends it.
const act = (action, args = {}, done = "Done.") => oneAtATime(() => transact(action, args, done));

async function transact(action, args = {}, done = "Done.") {
  if (!state.account) {
    complain("Connect your wallet first.");
    return false;
  }
  const sender = state.account;
  try {
    const tx = await api(coopPath("/transactions"), { body: { action, sender, args } });
    await ensureChain(state.provider);
    // prepared and checked for `sender`: never sent from another account
    if (state.account !== sender) throw new Refusal("Your wallet's account changed while this was prepared; nothing was sent. Try again as the account shown at the top.");
    say(`Confirm in your wallet: ${tx.summary}.`);
    const hash = await state.provider.request({ method: "eth_sendTransaction", params: [{ from: sender, to: tx.to, data: tx.data, value: tx.value }] });
    say(`Sent (${short(hash)}); waiting for it to be in a block…`);
    const receipt = await waitForReceipt(hash);
    if (receipt.status !== "0x1" && receipt.status !== 1) {
      complain(`The transaction ${hash} was reverted by the co-op's contract: nothing changed.`);
      return false;
    }
    say(`${done} (transaction ${short(hash)} is in block ${parseInt(receipt.blockNumber, 16)}).`);
    await loadMe();
    setTimeout(refreshAll, 300);
    return true;
  } catch (err) {
    complain(failure(err));
    return false;
  }
}

// Typed data the service prepared, checked before the wallet is asked: for
// this co-op's `contract` on the configured chain, and with `expected`
// message fields (what the member chose). Otherwise nothing is signed.
function same(a, b) {
  const number = /^(0x[0-9a-f]+|\d+)$/i;
  const [x, y] = [String(a), String(b)];
  if (number.test(x) && number.test(y) && !(x.length === 42 && y.length === 42)) return BigInt(x) === BigInt(y);
  return x.toLowerCase() === y.toLowerCase();
}

function checkTyped(typed, contract, expected, what) {
  const domain = (typed && typed.domain) || {};
  const message = (typed && typed.message) || {};
  const fine = same(domain.verifyingContract, contract) && same(domain.chainId, state.config.chain_id) && Object.entries(expected).every(([key, value]) => message[key] !== undefined && same(message[key], value));
  if (!fine) throw new Refusal(`The service prepared ${what} that is not the one you asked for, for ${state.coopInfo.name} on this chain; nothing was signed.`);
}

async function signTypedData(typed, signer) {
  await ensureChain(state.provider);
  if (!same(state.account, signer)) throw new Refusal("Your wallet's account changed since this was prepared; nothing was signed. Try again as the account shown at the top.");
  return state.provider.request({ method: "eth_signTypedData_v4", params: [signer, JSON.stringify(typed)] });
}

// ---------------------------------------------------------------- words

function describeOffer(message, coop, crops) {
  const leg = (token, id, amount) => {
    if (token.toLowerCase() === coop.contracts.HarvestToken.toLowerCase()) {
      return [`${grams(amount)} of `, named(crops[id] || "produce"), ` from batch ${id}`];
    }
    if (token.toLowerCase() === coop.contracts.CoopCredit.toLowerCase()) return credit(amount);
    return `${amount} of token ${short(token)} (id ${id})`;
  };
  const words = ["give ", leg(message.give_token, message.give_id, message.give_amount), " for ", leg(message.want_token, message.want_id, message.want_amount)].flat();
  const delivery = Number(message.delivery);
  const span = duration(message.delivery_window);
  let tail = "";
  if (delivery === 1) tail += `, delivery by the maker within ${span}`;
  else if (delivery === 2) tail += `, delivery by the taker within ${span}`;
  else if (delivery === 3) tail += `, both deliver within ${span}`;
  else tail += ", swapped at once";
  if (message.partial_fill) tail += ", takers may take part of it";
  tail += `; good until ${when(message.expiry)}`;
  return [...words, tail];
}

function offerWords(offer) {
  const leg = (l) => (l.kind === "harvest" ? [`${grams(l.amount)} of `, named(l.crop || "produce"), ` from batch ${l.id}`] : l.kind === "credit" ? credit(l.amount) : `${l.amount} of ${short(l.token)}`);
  let tail = "";
  if (offer.delivery === 1) tail = `, delivered by the maker within ${duration(offer.delivery_window)}`;
  else if (offer.delivery === 2) tail = `, delivered by the taker within ${duration(offer.delivery_window)}`;
  else if (offer.delivery === 3) tail = `, both delivered within ${duration(offer.delivery_window)}`;
  return [leg(offer.give), " for ", leg(offer.want), tail].flat();
}

// ---------------------------------------------------------------- views

function heading(text) {
  document.title = plain(`${text} – Harvest co-op`);
  return el("h1", {}, text);
}

function coopNav(active) {
  const links = [
    ["offers", "Offers"],
    ["batches", "Harvests"],
    ["members", "Members"],
    ["proposals", "Proposals"],
    ["pool", "Pool"],
    ["me", "My account"],
  ];
  return el(
    "nav",
    { "aria-label": `${state.coop} sections` },
    el("ul", { class: "subnav" }, links.map(([key, label]) => el("li", {}, el("a", { href: `#/c/${encodeURIComponent(state.coop)}/${key}`, "aria-current": key === active ? "page" : null }, label)))),
  );
}

async function viewHome() {
  const main = [heading("Co-ops on this chain")];
  main.push(el("p", {}, "Food co-ops whose members log harvests, trade produce for credit and decide together, one member one vote."));
  main.push(
    paged(async (offset, go) => {
      const page = await api(`/api/coops?offset=${offset}&limit=${PAGE}`);
      const cards = el(
        "ul",
        { class: "cards" },
        page.items.map((c) =>
          el(
            "li",
            { class: "card" },
            el("h2", {}, el("a", { href: `#/c/${encodeURIComponent(c.name)}/offers` }, c.name)),
            el("p", {}, `${c.members} members · ${c.batches} harvest batches · ${c.open_offers} open offers · ${c.proposals} proposals`),
          ),
        ),
      );
      return [cards, pager(page, go)];
    }),
  );
  return main;
}

async function viewOffers() {
  const coop = state.coopInfo;
  const parts = [heading(`Offers in ${state.coop}`), coopNav("offers")];
  parts.push(el("p", {}, "Open offers members signed in their wallets. Taking one moves both sides in one transaction; a delivery swap waits in escrow until the receiver confirms."));
  parts.push(
    paged(async (offset, go) => {
      const page = await api(`/api/offers?coop=${encodeURIComponent(state.coop)}&offset=${offset}&limit=${PAGE}`);
      const rows = page.items.map((o) => {
        const mine = state.account && o.maker.toLowerCase() === state.account.toLowerCase();
        const action = state.account && !mine ? el("button", { type: "button", onclick: () => take(o) }, "Take this offer") : mine ? el("button", { type: "button", class: "secondary", onclick: () => act("cancel_offer", { offer_hash: o.offer_hash }, "Offer cancelled") }, "Cancel my offer") : el("span", {}, "Connect a wallet to take it");
        return [offerWords(o), who(o.maker), when(o.expiry), el("span", { class: "tag" }, o.status), action];
      });
      return [table(`${page.total} open offer${page.total === 1 ? "" : "s"}`, ["What", "Maker", "Good until", "Status", "Action"], rows), pager(page, go)];
    }),
  );
  if (state.account) parts.push(offerForm(coop));
  else parts.push(el("p", {}, "Connect your wallet to make an offer."));
  return parts;
}

const take = (offer) => oneAtATime(() => takeNow(offer));

async function takeNow(offer) {
  const me = state.me;
  if (!me || !me.member || !me.member.active) {
    complain("Only members of the co-op (or of a federated one) can take offers.");
    return;
  }
  if (offer.want.kind === "credit" && BigInt(me.credit_allowance) < BigInt(offer.want.amount)) {
    say("First allow the exchange to take the credit you pay.");
    if (!(await transact("approve_credit", {}, "The exchange may now take credit when you trade"))) return false;
  }
  if (offer.want.kind === "harvest" && !me.harvest_approved) {
    say("First allow the exchange to move the produce you pay.");
    if (!(await transact("approve_harvest", {}, "The exchange may now move your produce when you trade"))) return false;
  }
  return transact("fill", { offer_hash: offer.offer_hash }, "You took the offer");
}

function offerForm(coop) {
  const holdings = (state.me && state.me.harvest) || [];
  const option = (h) => el("option", { value: h.batch_id }, `batch ${h.batch_id}: ${h.crop}, you hold ${grams(h.grams)}`);
  const batch = el("select", {}, holdings.map(option));
  if (state.me && state.me.harvest_total > holdings.length) {
    // the standing lists 200 batches a page: the rest, for the choice
    (async () => {
      for (let offset = holdings.length; offset < state.me.harvest_total; offset += PAGE) {
        const page = await api(coopPath(`/accounts/${state.account}?offset=${offset}&limit=${PAGE}`));
        if (!page.harvest.length) break;
        batch.append(...page.harvest.map(option));
      }
    })().catch(() => {});
  }
  const gramsIn = el("input", { type: "number", min: "1", step: "1", inputmode: "numeric", required: true, value: "1000" });
  const price = el("input", { type: "text", inputmode: "decimal", required: true, value: "5" });
  const delivery = el(
    "select",
    {},
    el("option", { value: "none" }, "Swap at once (no delivery)"),
    el("option", { value: "maker" }, "I deliver the produce; the taker confirms"),
    el("option", { value: "both" }, "Both sides deliver"),
  );
  const windowDays = el("input", { type: "number", min: "1", max: "60", step: "1", value: "2" });
  const expiresDays = el("input", { type: "number", min: "1", max: "365", step: "1", value: "7" });
  const preview = el("div", { "aria-live": "polite" });
  const form = el(
    "form",
    { "aria-labelledby": "offer-form-title" },
    el("h2", { id: "offer-form-title" }, "Make an offer"),
    holdings.length ? null : el("p", {}, "You hold no produce in this co-op yet: log a harvest on My account first."),
    field("Produce to give", batch),
    field("Grams to give", gramsIn, "One token is one gram."),
    field("Credit you want for it", price, "In credit, for example 5 or 2.5."),
    field("Delivery", delivery),
    field("Delivery window in days", windowDays, "Only for delivery swaps."),
    field("Offer good for how many days", expiresDays),
    el("button", { type: "submit", disabled: !holdings.length }, "Show what I will sign"),
    preview,
  );
  // words shown for one draft are signed for that draft only: a changed field
  // takes them away, so the member never signs terms the form no longer shows
  let drafts = 0; // a draft asked for before the last change is not shown
  const forget = (event) => {
    if (preview.contains(event.target)) return;
    drafts += 1;
    clear(preview);
  };
  form.addEventListener("input", forget);
  form.addEventListener("change", forget);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(preview);
    const asked = (drafts += 1);
    try {
      const draft = await api(coopPath("/offer-drafts"), {
        body: {
          maker: state.account,
          give_kind: "harvest",
          give_batch: Number(batch.value),
          give_amount: String(gramsIn.value),
          want_kind: "credit",
          want_amount: parseCredit(price.value),
          delivery: delivery.value,
          delivery_window: delivery.value === "none" ? 0 : Number(windowDays.value) * 86400,
          expires_in: Number(expiresDays.value) * 86400,
          max_fee_bps: 50,
        },
      });
      if (asked !== drafts) return;
      checkTyped(
        draft.typed_data,
        coop.contracts.NutrientExchange,
        { maker: state.account, give_token: coop.contracts.HarvestToken, give_id: batch.value, give_amount: gramsIn.value, want_token: coop.contracts.CoopCredit, want_amount: parseCredit(price.value) },
        "an offer",
      );
      const crops = {};
      for (const h of holdings) crops[String(h.batch_id)] = h.crop;
      const words = describeOffer(draft.typed_data.message, coop, crops);
      clear(preview).append(
        el("h3", {}, "You are about to sign"),
        el("p", { class: "words", "data-testid": "offer-words" }, words),
        el("p", { class: "hint" }, `Offer number ${draft.typed_data.message.nonce}, for the exchange at ${draft.typed_data.domain.verifyingContract} on chain ${draft.typed_data.domain.chainId}. Signing costs nothing.`),
        el("button", { type: "button", onclick: () => signOffer(draft) }, "Sign in my wallet and post it"),
      );
    } catch (err) {
      complain(err.message);
    }
  });
  return form;
}

const signOffer = (draft) => oneAtATime(() => signOfferNow(draft));

async function signOfferNow(draft) {
  try {
    if (!state.me.harvest_approved) {
      say("First allow the exchange to move your produce when someone takes your offer.");
      if (!(await transact("approve_harvest", {}, "The exchange may now move your produce when you trade"))) return;
    }
    say("Sign the offer in your wallet.");
    const signature = await signTypedData(draft.typed_data, draft.typed_data.message.maker);
    await api("/api/offers", { body: { kind: "harvest-coop/offer", version: 1, typed_data: draft.typed_data, signature, offer_hash: draft.digest } });
    say("Your offer is posted: members see it now.");
    refreshAll();
  } catch (err) {
    complain(failure(err));
  }
}

async function viewBatches() {
  const parts = [heading(`Harvests in ${state.coop}`), coopNav("batches")];
  parts.push(
    paged(async (offset, go) => {
      const page = await api(coopPath(`/batches?offset=${offset}&limit=${PAGE}`));
      const rows = page.items.map((b) => [
        el("a", { href: `#/c/${encodeURIComponent(state.coop)}/batch/${b.id}` }, `Batch ${b.id}`),
        b.crop,
        grams(b.grams),
        b.origin,
        who(b.grower),
        when(b.best_before),
        b.frozen ? "frozen" : `${grams(b.supply)} left`,
      ]);
      return [table(`${page.total} harvest batches`, ["Batch", "Crop", "Logged", "Origin", "Grower", "Best before", "Now"], rows), pager(page, go)];
    }),
  );
  return parts;
}

const STEP_WORDS = { logged: "logged", transferred: "given", traded: "traded", redeemed: "picked up", composted: "composted", frozen: "frozen", unfrozen: "unfrozen" };

async function viewBatch(id) {
  const b = await api(coopPath(`/batches/${encodeURIComponent(id)}`));
  const parts = [heading(`Batch ${b.id}: ${b.crop}`), coopNav("batches")];
  parts.push(el("p", {}, `${grams(b.grams)} of `, named(b.crop), " from ", named(b.origin), `, grown by ${who(b.grower)}, harvested ${when(b.harvested_at)}, best before ${when(b.best_before)}.`));
  parts.push(
    paged(async (offset, go) => {
      const fresh = await api(coopPath(`/batches/${encodeURIComponent(id)}?offset=${offset}&limit=${PAGE}`));
      return [
        table(
          "Journey",
          ["Step", "Who", "To", "Grams", "When", "Transaction"],
          fresh.journey.map((s) => [STEP_WORDS[s.step] || s.step, who(s.actor), s.counterparty ? who(s.counterparty) : "—", grams(s.grams), when(s.block_time), el("span", { class: "mono" }, s.tx_hash)]),
        ),
        pager({ offset, items: fresh.journey, total: fresh.journey_total }, go),
        table("Who holds it now", ["Holder", "Grams"], fresh.holders.map((h) => [who(h.holder), grams(h.grams)])),
      ];
    }),
  );
  return parts;
}

async function viewMembers() {
  const parts = [heading(`Members of ${state.coop}`), coopNav("members")];
  parts.push(
    paged(async (offset, go) => {
      const members = await api(coopPath(`/members?offset=${offset}&limit=${PAGE}`));
      return [
        table(
          `${members.total} members`,
          ["Member", "Joined", "How", "Votes now", "Lent their vote to"],
          members.items.map((m) => [whoLink(m.account), when(m.joined_time), m.route, String(m.votes), m.delegate && m.delegate !== m.account ? whoLink(m.delegate) : "—"]),
        ),
        pager(members, go),
      ];
    }),
  );
  parts.push(el("h2", {}, "Applications"));
  parts.push(
    paged(async (offset, go) => {
      const apps = await api(coopPath(`/applications?offset=${offset}&limit=${PAGE}`));
      const isMember = state.me && state.me.member && state.me.member.active;
      return [
        table(
          "Applications to join",
          ["Applicant", "Status", "Sponsors", "Objections", "Action"],
          apps.items.map((a) => [
            who(a.applicant),
            a.status,
            `${a.sponsors.length} of ${a.sponsors_needed || "?"}`,
            String(a.objections),
            isMember && a.status === "open" && !a.sponsors.some((s) => s.toLowerCase() === state.account.toLowerCase())
              ? el("button", { type: "button", onclick: () => act("sponsor", { applicant: a.applicant }, "You sponsored the applicant") }, `Sponsor ${short(a.applicant)}`)
              : isMember && a.status === "scheduled" && a.admit_after && a.admit_after <= (state.config.chain_time || 0)
                ? el("button", { type: "button", onclick: () => act("complete_admission", { applicant: a.applicant }, "The applicant is a member now") }, "Complete admission")
                : "—",
          ]),
        ),
        pager(apps, go),
      ];
    }),
  );
  return parts;
}

async function viewProposals() {
  const parts = [heading(`Proposals in ${state.coop}`), coopNav("proposals")];
  parts.push(
    paged(async (offset, go) => {
      const page = await api(coopPath(`/proposals?offset=${offset}&limit=${PAGE}`));
      const rows = table(
        `${page.total} proposals`,
        ["Proposal", "State", "For", "Against", "Abstain", "Voting ends"],
        page.items.map((p) => [el("a", { href: `#/c/${encodeURIComponent(state.coop)}/proposal/${p.proposal_id}` }, p.description.replace(/\s*#proposer=0x[0-9a-fA-F]{40}$/, "")), p.state, String(p.for_votes), String(p.against_votes), String(p.abstain_votes), when(p.vote_end)]),
      );
      return [rows, pager(page, go)];
    }),
  );
  if (state.me && state.me.member && state.me.member.active) parts.push(proposeForm());
  return parts;
}

function proposeForm() {
  const kind = el("select", {}, el("option", { value: "admit" }, "Admit a new member"), el("option", { value: "mint_credit" }, "Give a member credit"), el("option", { value: "set_max_proxies" }, "Change how many votes one member may carry"));
  const account = el("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "0x…" });
  const amount = el("input", { type: "text", inputmode: "decimal", value: "10" });
  const description = el("textarea", { rows: "3", required: true });
  const form = el(
    "form",
    { "aria-labelledby": "propose-title" },
    el("h2", { id: "propose-title" }, "Propose"),
    field("What should happen", kind),
    field("Member or account", account, "For admitting or giving credit."),
    field("Amount", amount, "Credit to give, or the number of votes one member may carry."),
    field("Why (the description members read)", description),
    el("button", { type: "submit" }, "Propose"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const args = { kind: kind.value, description: description.value };
    try {
      if (kind.value !== "set_max_proxies") args.account = account.value.trim();
      if (kind.value === "mint_credit") args.amount = parseCredit(amount.value);
      if (kind.value === "set_max_proxies") args.value = amount.value.trim();
    } catch (err) {
      complain(err.message);
      return;
    }
    await act("propose", args, "Your proposal is made");
  });
  return form;
}

// ------------------------------------------------------- the community pool

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(plain(child)));
  }
  return node;
}

const percent = (share) => `${(share * 100).toFixed(1)}%`;

// The Lorenz curve of what members received, beside the line of equality.
function lorenzChart(figures, label) {
  const size = 240;
  const pad = 36;
  const x = (v) => pad + v * size;
  const y = (v) => pad + (1 - v) * size;
  const id = `lorenz-${Math.random().toString(36).slice(2, 9)}`;
  const points = figures.lorenz.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(" ");
  return svg(
    "svg",
    { viewBox: `0 0 ${size + 2 * pad} ${size + 2 * pad}`, width: size + 2 * pad, height: size + 2 * pad, role: "img", "aria-labelledby": `${id}-t ${id}-d`, class: "chart" },
    svg("title", { id: `${id}-t` }, `Lorenz curve: ${label}`),
    svg("desc", { id: `${id}-d` }, `The fifth who received least got ${percent(figures.bottom_20_share)}, the fifth who received most got ${percent(figures.top_20_share)}; Gini ${figures.gini.toFixed(3)}.`),
    svg("rect", { x: pad, y: pad, width: size, height: size, fill: "none", stroke: "#8a8a8a" }),
    svg("line", { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: "#4a4a4a", "stroke-dasharray": "6 4" }),
    svg("polyline", { points, fill: "none", stroke: "#1d5e2f", "stroke-width": 3, class: "lorenz" }),
    svg("text", { x: pad, y: size + pad + 24, fill: "#1b1b1b", "font-size": 13 }, "members, from who received least →"),
    svg("text", { x: 12, y: pad - 12, fill: "#1b1b1b", "font-size": 13 }, "share of all produce received"),
  );
}

function equityWords(figures) {
  if (!figures.total) return "Nothing was received yet.";
  return `Gini coefficient ${figures.gini.toFixed(3)} (0 means everyone received the same). The fifth of members who received least got ${percent(figures.bottom_20_share)} of it; the fifth who received most got ${percent(figures.top_20_share)}.`;
}

// Every item of a paged list (the API gives at most 200 a page).
async function allPages(path) {
  const items = [];
  for (;;) {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api(`${path}${sep}offset=${items.length}&limit=200`);
    items.push(...page.items);
    if (!page.items.length || items.length >= page.total) return items;
  }
}

const LOGGED = "#1d5e2f";
const CLAIMED = "#a34700";

// Grams logged by growers and claimed from the pool, one pair of bars per
// epoch (credit is not produce: it is left out, the table lists it).
function flowChart(epochs) {
  const id = `flows-${Math.random().toString(36).slice(2, 9)}`;
  const plotW = Math.min(640, Math.max(240, epochs.length * 56)); // narrow when few: readable on a phone
  const plotH = 220;
  const left = 88;
  const top = 62;
  const bottom = 40;
  const width = left + plotW + 16;
  const height = top + plotH + bottom;
  const most = Math.max(1, ...epochs.map((e) => Math.max(e.logged_grams, e.claimed_grams)));
  const y = (g) => top + plotH - (g / most) * plotH;
  const group = plotW / epochs.length;
  const bar = Math.max(1, Math.min(28, group * 0.38));
  const every = Math.ceil(epochs.length / 24);
  const peak = (key) => epochs.reduce((a, b) => (b[key] > a[key] ? b : a));
  const mostLogged = peak("logged_grams");
  const mostClaimed = peak("claimed_grams");
  const words =
    `${epochs.length} epoch${epochs.length === 1 ? "" : "s"}. ` +
    `Most logged: ${grams(mostLogged.logged_grams)} in epoch ${mostLogged.epoch}. ` +
    `Most claimed: ${grams(mostClaimed.claimed_grams)} in epoch ${mostClaimed.epoch}. ` +
    "The table after the chart lists every figure.";
  const ticks = [0, most / 2, most].map((g) =>
    svg(
      "g",
      {},
      svg("line", { x1: left - 4, x2: left + plotW, y1: y(g), y2: y(g), stroke: "#8a8a8a", "stroke-dasharray": g ? "3 3" : "none" }),
      svg("text", { x: left - 8, y: y(g) + 4, "text-anchor": "end", fill: "#1b1b1b", "font-size": 12 }, grams(Math.round(g))),
    ),
  );
  const bars = epochs.map((e, i) => {
    const x = left + i * group + group / 2;
    return svg(
      "g",
      { class: "epoch-bars", "data-epoch": e.epoch },
      svg("rect", { class: "logged", "data-grams": e.logged_grams, x: x - bar, y: y(e.logged_grams), width: bar, height: top + plotH - y(e.logged_grams), fill: LOGGED }, svg("title", {}, `Epoch ${e.epoch}: ${grams(e.logged_grams)} logged`)),
      svg("rect", { class: "claimed", "data-grams": e.claimed_grams, x, y: y(e.claimed_grams), width: bar, height: top + plotH - y(e.claimed_grams), fill: CLAIMED }, svg("title", {}, `Epoch ${e.epoch}: ${grams(e.claimed_grams)} claimed`)),
      i % every === 0 ? svg("text", { x, y: top + plotH + 18, "text-anchor": "middle", fill: "#1b1b1b", "font-size": 12 }, String(e.epoch)) : null,
    );
  });
  const legend = svg(
    "g",
    {},
    svg("rect", { x: 8, y: 8, width: 14, height: 14, fill: LOGGED }),
    svg("text", { x: 28, y: 20, fill: "#1b1b1b", "font-size": 13 }, "logged by growers (left bar)"),
    svg("rect", { x: 8, y: 30, width: 14, height: 14, fill: CLAIMED }),
    svg("text", { x: 28, y: 42, fill: "#1b1b1b", "font-size": 13 }, "claimed from the pool (right bar)"),
  );
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-labelledby": `${id}-t ${id}-d`, class: "chart flows" },
    svg("title", { id: `${id}-t` }, "Grams of produce logged and claimed, epoch by epoch"),
    svg("desc", { id: `${id}-d` }, words),
    legend,
    ...ticks,
    ...bars,
    svg("text", { x: left + plotW / 2, y: height - 4, "text-anchor": "middle", fill: "#1b1b1b", "font-size": 13 }, "epoch"),
  );
}

const batchLink = (id, crop) => el("a", { href: `#/c/${encodeURIComponent(state.coop)}/batch/${id}` }, named(crop), ` (batch ${id})`);
const what = (e) => (e.unit === "credit" ? "credit" : batchLink(e.batch_id, e.crop));
const howMuch = (e) => (e.unit === "credit" ? credit(e.amount) : grams(e.amount));

// One list of an epoch, 200 entries a page.
function epochList(n, kind, caption, headers, row) {
  return paged(async (offset, go) => {
    const page = await api(coopPath(`/pool/epochs/${n}/${kind}?offset=${offset}&limit=${PAGE}`));
    return [table(caption, headers, page.items.map(row)), pager(page, go)];
  });
}

async function epochSection(figures, equity) {
  const n = figures.epoch;
  const parts = [el("h2", {}, `Epoch ${n}`)];
  const span = figures.running ? `Began ${when(figures.start)}; it is running and ends ${when(figures.end)}.` : `From ${when(figures.start)} to ${when(figures.end)}.`;
  const shared = figures.members === null ? "The pool saw nothing in it." : `Shared by ${figures.members} members.`;
  parts.push(el("p", {}, `${span} ${shared}`));
  parts.push(el("p", {}, `Logged: ${grams(figures.logged_grams)} in ${figures.harvests} harvest${figures.harvests === 1 ? "" : "s"}. Given to the pool: ${grams(figures.donated_grams)} and ${credit(figures.donated_credit)}. Claimed: ${grams(figures.claimed_grams)} and ${credit(figures.claimed_credit)}. Redeemed: ${grams(figures.redeemed_grams)}. Composted: ${grams(figures.composted_grams)}.`));
  if (equity) {
    parts.push(el("p", { id: "equity-words" }, equityWords(equity.produce)), el("p", { class: "hint" }, "Gini coefficient: ", el("strong", { id: "gini" }, equity.produce.gini.toFixed(3))));
    if (equity.produce.total) parts.push(el("figure", {}, lorenzChart(equity.produce, `produce received in epoch ${n}`), el("figcaption", {}, "The green curve is what members received, from who received least; the dashed line is everyone receiving the same.")));
    const equityPage = (offset) => (offset ? api(coopPath(`/equity?epoch=${n}&offset=${offset}&limit=${PAGE}`)) : Promise.resolve(equity));
    parts.push(
      paged(async (offset, go) => {
        const e = await equityPage(offset);
        return [table(`Who received what in epoch ${n}`, ["Member", "Produce", "Credit", "Claims"], e.people.map((p) => [whoLink(p.account), grams(p.received_grams), credit(p.received_credit), String(p.claims)])), pager({ offset, items: e.people, total: e.people_total }, go)];
      }),
    );
    parts.push(
      paged(async (offset, go) => {
        const e = await equityPage(offset);
        return [table("Batches in the pool", ["Batch", "Given", "Claimed", "Composted"], e.batches.map((b) => [batchLink(b.batch_id, b.crop), grams(b.donated), grams(b.claimed), grams(b.composted)])), pager({ offset, items: e.batches, total: e.batches_total }, go)];
      }),
    );
  } else {
    parts.push(el("p", {}, "Nobody gave to or claimed from the pool in this epoch."));
  }
  const lists = await Promise.all([
    epochList(n, "grown", `Who grew what in epoch ${n}`, ["Grower", "Crop", "Grams", "Batch", "Logged"], (e) => [who(e.account), e.crop, grams(e.amount), batchLink(e.batch_id, e.crop), when(e.block_time)]),
    epochList(n, "given", `Who gave what to the pool in epoch ${n}`, ["Donor", "What", "Amount", "When"], (e) => [who(e.account), what(e), howMuch(e), when(e.block_time)]),
    epochList(n, "claimed", `Who claimed what from the pool in epoch ${n}`, ["Member", "What", "Amount", "When"], (e) => [who(e.account), what(e), howMuch(e), when(e.block_time)]),
    epochList(n, "redeemed", `What was picked up (redeemed) in epoch ${n}`, ["Batch", "Grams", "By", "When"], (e) => [batchLink(e.batch_id, e.crop), grams(e.amount), who(e.account), when(e.block_time)]),
    epochList(n, "composted", `What was composted in epoch ${n}`, ["Batch", "Grams", "Whose", "By", "When"], (e) => [batchLink(e.batch_id, e.crop), grams(e.amount), who(e.account), e.note ? `${who(e.by)}, ${e.note}` : who(e.by), when(e.block_time)]),
  ]);
  parts.push(...lists);
  return parts;
}

async function viewPool(epoch) {
  const parts = [heading(`Community pool of ${state.coop}`), coopNav("pool")];
  parts.push(el("p", {}, "Members give produce and credit to the pool; each epoch every member may take an equal share of what it held when the epoch began. Every harvest, gift and claim is public."));
  const epochs = await allPages(coopPath("/pool/epochs"));
  if (!epochs.length) {
    parts.push(el("p", {}, "The co-op's pool has no epochs yet."));
    return parts;
  }
  const base = `#/c/${encodeURIComponent(state.coop)}/pool`;
  parts.push(el("h2", {}, "Produce logged and claimed, epoch by epoch"));
  parts.push(el("figure", {}, flowChart(epochs), el("figcaption", {}, "Grams of produce growers logged in each epoch's time window, and grams members claimed from the pool in it. Credit is left out of the chart; the table lists it.")));
  parts.push(
    table(
      "Produce and credit in each epoch",
      ["Epoch", "Began", "Harvests", "Logged", "Given to the pool", "Claimed", "Credit claimed", "Redeemed", "Composted"],
      epochs.map((e) => [el("a", { href: `${base}/${e.epoch}` }, e.running ? `${e.epoch} (running)` : String(e.epoch)), when(e.start), String(e.harvests), grams(e.logged_grams), grams(e.donated_grams), grams(e.claimed_grams), credit(e.claimed_credit), grams(e.redeemed_grams), grams(e.composted_grams)]),
    ),
  );
  // the epoch shown: the one asked for, else the latest with claims, else the running one
  let equity = null;
  try {
    equity = await api(coopPath(epoch ? `/equity?epoch=${encodeURIComponent(epoch)}` : "/equity"));
  } catch (err) {
    if (!(err instanceof ApiError && err.code === "unknown_epoch")) throw err;
  }
  const shown = Number(epoch || (equity && equity.epoch) || epochs[epochs.length - 1].epoch);
  const figures = epochs.find((e) => e.epoch === shown);
  if (!figures) throw new Error(`The pool has no epoch ${epoch} yet.`);
  if (equity && equity.epoch !== shown) equity = null;
  const active = epochs.filter((e) => e.running || e.epoch === shown || e.harvests || e.claims || e.donated_grams || e.donated_credit !== "0" || e.composted_grams || e.redeemed_grams);
  parts.push(el("nav", { "aria-label": "Epochs" }, el("ul", { class: "subnav" }, active.map((e) => el("li", {}, el("a", { href: `${base}/${e.epoch}`, "aria-current": e.epoch === shown ? "page" : null }, `Epoch ${e.epoch}`))))));
  parts.push(...(await epochSection(figures, equity)));
  parts.push(el("h2", {}, "Across the city"));
  parts.push(
    paged(async (offset, go) => {
      const city = await api(`/api/equity?offset=${offset}&limit=${PAGE}`);
      return [
        el("p", {}, `Over every co-op and every epoch: ${equityWords(city.produce)}`),
        table("Each co-op's pool over all its epochs", ["Co-op", "Epochs", "Produce received", "Gini"], city.coops.map((c) => [c.coop, String(c.epochs.length), grams(c.produce.total), c.produce.gini.toFixed(3)])),
        pager({ ...city, items: city.coops }, go),
      ];
    }),
  );
  return parts;
}

async function viewProposal(id) {
  const parts = [heading("Proposal"), coopNav("proposals")];
  parts.push(
    live(async () => {
      const p = await api(coopPath(`/proposals/${encodeURIComponent(id)}`));
      const out = [
        el("p", { class: "words" }, p.description.replace(/\s*#proposer=0x[0-9a-fA-F]{40}$/, "")),
        el("p", {}, `Proposed by ${who(p.proposer)}. State: ${p.state}. For ${p.for_votes}, against ${p.against_votes}, abstain ${p.abstain_votes}. Voting ${when(p.vote_start)} to ${when(p.vote_end)}.`),
      ];
      const voted = state.account && p.votes.some((v) => v.voter.toLowerCase() === state.account.toLowerCase());
      if (p.state === "Active" && state.account && !voted) {
        const choices = [
          [1, "for"],
          [0, "against"],
          [2, "abstain"],
        ];
        out.push(el("h2", {}, "Your vote"));
        out.push(el("div", { class: "button-row" }, choices.map(([support, word]) => el("button", { type: "button", onclick: () => act("vote", { proposal_id: p.proposal_id, support }, `You voted ${word}`) }, `Vote ${word} (transaction)`))));
        if (state.config.relay_enabled && (state.config.relay_coops || []).includes(state.coop)) {
          out.push(el("p", { class: "hint" }, "Or sign your vote and let the co-op's relay send it: it costs you no gas."));
          out.push(el("div", { class: "button-row" }, choices.map(([support, word]) => el("button", { type: "button", class: "secondary", onclick: () => voteBySignature(p, support) }, `Vote ${word} without gas`))));
        }
      } else if (voted) {
        out.push(el("p", {}, "You voted on this proposal."));
      }
      out.push(table("Votes", ["Voter", "Vote", "Weight", "Reason"], p.votes.map((v) => [who(v.voter), v.support, String(v.weight), v.reason || "—"])));
      return out;
    }),
  );
  parts.push(simulationSection(id));
  return parts;
}

// What a proposal would do: the service votes it through, queues and executes
// it on a throwaway copy (fork) of the chain and reports the changes.
function simulationSection(id) {
  const result = el("div", { id: "simulation", "aria-live": "polite" });
  const button = el("button", { type: "button", class: "secondary" }, "Simulate it on a copy of the chain");
  button.addEventListener("click", async () => {
    button.disabled = true;
    clear(result).append(el("p", {}, "Simulating: voting, queueing and executing it on a copy of the chain (a few seconds) …"));
    try {
      const report = await api(coopPath(`/proposals/${encodeURIComponent(id)}/simulation`), { body: {} });
      const heading = report.outcome === "executed" ? "If it passes, it would:" : "If it passes, it would not take effect:";
      clear(result).append(el("p", {}, heading), el("pre", { class: "report" }, report.lines.join("\n")));
    } catch (err) {
      clear(result).append(el("p", { class: "error" }, `Could not simulate it: ${err.message}`));
    } finally {
      button.disabled = false;
    }
  });
  return el(
    "section",
    { "aria-labelledby": "simulate-heading" },
    el("h2", { id: "simulate-heading" }, "What would it do?"),
    el("p", { class: "hint" }, "Only a proposal still pending or open for voting can be simulated. Nothing changes on the real chain."),
    button,
    result,
  );
}

const SUPPORT_WORDS = { 0: "against", 1: "for", 2: "abstain" };

const voteBySignature = (proposal, support) => oneAtATime(() => voteBySignatureNow(proposal, support));

async function voteBySignatureNow(proposal, support) {
  try {
    const ballot = await api(coopPath(`/proposals/${proposal.proposal_id}/ballot?voter=${state.account}&support=${support}`));
    checkTyped(ballot.typed_data, state.coopInfo.contracts.CoopGovernor, { proposalId: proposal.proposal_id, support, voter: state.account }, "a ballot");
    say(`Sign in your wallet: your vote ${SUPPORT_WORDS[support]} on this proposal (ballot number ${ballot.typed_data.message.nonce}, for ${state.coopInfo.name}'s governor on chain ${ballot.typed_data.domain.chainId}). Signing costs nothing.`);
    const signature = await signTypedData(ballot.typed_data, ballot.typed_data.message.voter);
    const sent = await api("/api/ballots", { body: { coop: state.coop, proposal_id: proposal.proposal_id, support, voter: state.account, signature, nonce: String(ballot.typed_data.message.nonce) } });
    say(`Your signed vote was relayed in transaction ${sent.tx_hash}; it appears here once it is in a block.`);
  } catch (err) {
    complain(failure(err));
  }
}

async function viewMe() {
  const parts = [heading(`My account in ${state.coop}`), coopNav("me")];
  if (!state.account) {
    parts.push(el("p", {}, "Connect your wallet to see your produce, credit and escrows, and to act."));
    return parts;
  }
  await loadMe();
  const me = state.me;
  const member = me && me.member && me.member.active;
  parts.push(el("p", {}, member ? `You are member number ${me.member.member_id} (joined ${when(me.member.joined_time)}), with ${me.member.votes} vote${me.member.votes === 1 ? "" : "s"} now.` : "You are not a member of this co-op."));
  if (!member) {
    if (me && me.application && ["open", "scheduled"].includes(me.application.status)) {
      parts.push(el("p", {}, `Your application is ${me.application.status}: ${me.application.sponsors.length} sponsor(s) so far.`));
    } else {
      parts.push(el("button", { type: "button", onclick: () => act("apply", {}, "You applied to join") }, "Apply to join"));
    }
    return parts;
  }
  parts.push(el("h2", {}, "What you hold"));
  parts.push(
    paged(async (offset, go) => {
      const fresh = await api(coopPath(`/accounts/${state.account}?offset=${offset}&limit=${PAGE}`));
      return [
        el("p", {}, `Credit: ${credit(fresh.credit)}.`),
        table("Your produce", ["Batch", "Crop", "Grams", "Best before"], fresh.harvest.map((h) => [el("a", { href: `#/c/${encodeURIComponent(state.coop)}/batch/${h.batch_id}` }, `Batch ${h.batch_id}`), h.crop, grams(h.grams), when(h.best_before)])),
        pager({ offset, items: fresh.harvest, total: fresh.harvest_total }, go),
      ];
    }),
  );
  parts.push(el("h2", {}, "Your escrows"));
  parts.push(paged(escrowTable));
  parts.push(harvestForm());
  parts.push(lendForm(me));
  return parts;
}

// Anyone's standing in the co-op, read-only: membership, vote, credit, produce held.
async function viewAccount(address) {
  // the address comes from a link anyone can write: text is not shown as a heading
  if (!/^0x[0-9a-fA-F]{40}$/.test(address || "")) throw new Error("What the link names is not an account address (0x and 40 hex digits).");
  const parts = [heading(`Account ${address} in ${state.coop}`), coopNav("members")];
  parts.push(
    paged(async (offset, go) => {
      const a = await api(coopPath(`/accounts/${encodeURIComponent(address)}?offset=${offset}&limit=${PAGE}`));
      const m = a.member;
      return [
        el("p", {}, m && m.active ? `A member: member number ${m.member_id} (joined ${when(m.joined_time)}, ${m.route}), with ${m.votes} vote${m.votes === 1 ? "" : "s"} now${m.delegate && m.delegate !== a.account ? `; lent their vote to ${short(m.delegate)}` : ""}.` : m ? "A former member." : "Not a member of this co-op."),
        a.application ? el("p", {}, `Application: ${a.application.status}, ${a.application.sponsors.length} sponsor(s).`) : null,
        el("p", {}, `Credit: ${credit(a.credit)}.`),
        table("Produce held", ["Batch", "Crop", "Grams", "Best before"], a.harvest.map((h) => [el("a", { href: `#/c/${encodeURIComponent(state.coop)}/batch/${h.batch_id}` }, `Batch ${h.batch_id}`), h.crop, grams(h.grams), when(h.best_before)])),
        pager({ offset, items: a.harvest, total: a.harvest_total }, go),
      ];
    }),
  );
  return parts;
}

async function escrowTable(offset, go) {
  const page = await api(coopPath(`/escrows?party=${state.account}&offset=${offset}&limit=${PAGE}`));
  const now = state.config.chain_time || Math.floor(Date.now() / 1000);
  const rows = table(
    "Trades waiting for delivery",
    ["Escrow", "You are", "State", "Deliver by", "Action"],
    page.items.map((e) => {
      const mine = e.taker.toLowerCase() === state.account.toLowerCase() ? "taker" : "maker";
      const buttons = [];
      if ((mine === "taker" && e.taker_must_confirm) || (mine === "maker" && e.maker_must_confirm)) {
        buttons.push(el("button", { type: "button", onclick: () => act("confirm", { escrow_id: e.escrow_id }, "You confirmed the delivery") }, "Confirm delivery"));
      }
      if (e.state === "open" && now <= e.deadline) {
        buttons.push(el("button", { type: "button", class: "secondary", onclick: () => act("dispute", { escrow_id: e.escrow_id }, "You disputed the escrow") }, "Dispute"));
      }
      if (["released", "refunded", "split"].includes(e.state) && !e.withdrawn.some((a) => a.toLowerCase() === state.account.toLowerCase())) {
        buttons.push(el("button", { type: "button", onclick: () => act("withdraw", { escrow_id: e.escrow_id }, "You withdrew what the escrow owed you") }, "Withdraw"));
      }
      return [el("span", { class: "mono" }, short(e.escrow_id)), mine, e.state, when(e.deadline), buttons.length ? el("div", { class: "button-row" }, buttons) : "—"];
    }),
  );
  return [rows, pager(page, go)];
}

function harvestForm() {
  const crop = el("input", { type: "text", maxlength: "32", required: true, autocomplete: "off" });
  const gramsIn = el("input", { type: "number", min: "1", step: "1", required: true, value: "1000" });
  const days = el("input", { type: "number", min: "1", max: "365", step: "1", required: true, value: "7" });
  const origin = el("input", { type: "text", maxlength: "128", required: true, autocomplete: "off" });
  const form = el(
    "form",
    { "aria-labelledby": "harvest-title" },
    el("h2", { id: "harvest-title" }, "Log a harvest"),
    field("Crop", crop, "For example: kale."),
    field("Grams", gramsIn),
    field("Best before, in days from now", days),
    field("Where it grew", origin),
    el("button", { type: "submit" }, "Log the harvest"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await act("log_harvest", { crop: crop.value, grams: gramsIn.value, best_before_days: days.value, origin: origin.value }, "Your harvest is logged");
  });
  return form;
}

function lendForm(me) {
  const to = el("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "0x…" });
  const lent = me.member.delegate && me.member.delegate.toLowerCase() !== state.account.toLowerCase();
  const form = el(
    "form",
    { "aria-labelledby": "lend-title" },
    el("h2", { id: "lend-title" }, "Lend your vote"),
    el("p", {}, lent ? `Your vote is lent to ${who(me.member.delegate)}.` : "You vote yourself."),
    field("Member who votes for you", to, "Their address; lend it back to yourself to vote again."),
    el("button", { type: "submit" }, "Lend my vote"),
    lent ? el("button", { type: "button", class: "secondary", onclick: () => act("delegate", { to: state.account }, "You vote yourself again") }, "Take my vote back") : null,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await act("delegate", { to: to.value.trim() }, "Your vote is lent");
  });
  return form;
}

// ---------------------------------------------------------------- routing

async function selectCoop(name) {
  if (state.coop === name && state.coopInfo) return;
  state.coop = name;
  state.coopInfo = null; // not the last co-op's, should this one not answer
  state.coopInfo = await api(`/api/coops/${encodeURIComponent(name)}`);
  await loadMe();
}

// A segment of the address after '#': a broken percent escape (a link anyone
// can send) is a sentence on the page, not an exception that stops it.
function pathPart(segment) {
  try {
    return decodeURIComponent(segment);
  } catch (_) {
    throw new Error("This address is not one of this page's: a part of it is not valid percent-encoded text.");
  }
}

// Each drawing of the view takes a ticket; only the newest is shown. The page
// draws on load and again on connecting, and a slow answer could make the
// first finish last and replace the second (with what a member had typed).
let routeTicket = 0;

async function route() {
  const ticket = ++routeTicket;
  state.refreshers = [];
  const main = document.getElementById("main");
  let content;
  try {
    const parts = location.hash.replace(/^#\/?/, "").split("/").map(pathPart);
    if (parts[0] === "c" && parts[1]) {
      await selectCoop(parts[1]);
      const views = { offers: viewOffers, batches: viewBatches, members: viewMembers, proposals: viewProposals, me: viewMe };
      if (parts[2] === "batch") content = await viewBatch(parts[3]);
      else if (parts[2] === "proposal") content = await viewProposal(parts[3]);
      else if (parts[2] === "pool") content = await viewPool(parts[3]);
      else if (parts[2] === "account") content = await viewAccount(parts[3]);
      else content = await (views[parts[2]] || viewOffers)();
    } else {
      if (!state.coop && state.config.default_coop) await selectCoop(state.config.default_coop);
      content = await viewHome();
    }
  } catch (err) {
    content = [heading("Not found"), el("p", {}, err.message)];
  }
  if (ticket !== routeTicket) return; // a newer drawing started meanwhile
  clear(main).append(...content.flat());
  renderNav();
}

function renderNav() {
  const nav = clear(document.getElementById("nav"));
  nav.append(el("li", {}, el("a", { href: "#/", "aria-current": location.hash === "" || location.hash === "#/" ? "page" : null }, "Co-ops")));
  if (state.coopInfo) {
    nav.append(el("li", {}, el("a", { href: `#/c/${encodeURIComponent(state.coop)}/offers` }, state.coop)));
  }
}

let pending = null;
function refreshAll() {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    try {
      state.config = await api("/api/config");
    } catch (_) {
      /* keep the old config */
    }
    if (state.account) await loadMe();
    for (const refresh of state.refreshers) refresh();
  }, 250);
}

function listen() {
  if (!window.EventSource) return;
  const source = new EventSource("/api/stream");
  for (const type of ["index", "offer", "offers", "reorg"]) source.addEventListener(type, refreshAll);
}

async function start() {
  discover();
  try {
    state.config = await api("/api/config");
  } catch (err) {
    complain(`The service does not answer: ${err.message}`);
    return;
  }
  renderWallet();
  window.addEventListener("hashchange", () => {
    route().then(() => document.getElementById("main").focus());
  });
  await route();
  listen();
}

start();
