// The operations console: figures from /actuator/prometheus and /actuator/health, the dead
// letters from /actuator/deadletters (replay, discard), backfills from /actuator/backfill,
// erasures from /actuator/erasures (the form starts one; a done one shows its signed receipt),
// provenance from /actuator/media. Same
// origin, same login as the API (the browser's Basic credentials); no library, no CDN.
"use strict";

const previous = {};

// Absolute and without the page's own user:password@ (a page opened that way would otherwise
// resolve relative URLs with them, and fetch refuses such URLs); the browser adds the login.
function api(path) {
  return new URL("../actuator/" + path, location.origin + location.pathname).href;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (name.startsWith("on")) node.addEventListener(name.substring(2), value);
    else node.setAttribute(name, value);
  });
  children.flat().forEach((child) => node.append(child instanceof Node ? child : String(child ?? "")));
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

// the sum of every series of a Prometheus counter or gauge
function metric(text, name) {
  let sum = null;
  text.split("\n").forEach((line) => {
    if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
      sum = (sum ?? 0) + Number(line.substring(line.lastIndexOf(" ") + 1));
    }
  });
  return sum;
}

function rate(name, value, now) {
  const before = previous[name];
  previous[name] = { value, now };
  if (!before || value === null) return "–";
  return ((value - before.value) / ((now - before.now) / 1000)).toFixed(1);
}

async function refreshFigures() {
  const now = Date.now();
  const text = await (await fetch(api("prometheus"))).text();
  document.getElementById("intake-rate").textContent = rate("intake", metric(text, "whapi_webhooks_received_total"), now);
  document.getElementById("stored-rate").textContent = rate("stored", metric(text, "whapi_sink_stored_total"), now);
  const depth = metric(text, "whapi_queue_depth");
  document.getElementById("queue-depth").textContent = depth === null ? "–" : depth;

  const health = await getJson(api("health"));
  const sinks = (health.components && health.components.sinks && health.components.sinks.components) || {};
  const list = document.getElementById("sinks");
  list.replaceChildren(...Object.entries(sinks).map(([name, sink]) =>
    el("li", { class: sink.status === "UP" ? "up" : "down" }, name + " " + sink.status)));
}

async function refreshDeadLetters() {
  const page = await getJson(api("deadletters?limit=100"));
  document.getElementById("dead-letter-count").textContent = page.total;
  const rows = page.deadLetters.map((d) => el("tr", { "data-id": d.id },
    el("td", {}, d.deadLetteredAt),
    el("td", {}, d.channelId),
    el("td", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); search(d.channelId, d.messageId); } }, d.messageId)),
    el("td", {}, d.type),
    el("td", { class: "reason" }, d.reason),
    el("td", {}, d.attempts),
    el("td", {}, d.failedSinks.join(", ")),
    el("td", {},
      el("button", { type: "button", class: "replay", onclick: () => act("POST", d.id, "replayed") }, "Replay"), " ",
      el("button", { type: "button", class: "discard", onclick: () => act("DELETE", d.id, "discarded") }, "Discard"))));
  const body = document.getElementById("dead-letters");
  body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 8, class: "muted" }, "none"))]));
  const channel = document.getElementById("search-channel");
  if (!channel.value && page.deadLetters.length) channel.value = page.deadLetters[0].channelId;
}

async function refreshBackfills() {
  const page = await getJson(api("backfill"));
  const rows = page.backfills.map((b) => el("tr", { "data-id": b.id },
    el("td", {}, b.id), el("td", {}, b.channelId), el("td", {}, b.from), el("td", {}, b.to),
    el("td", { class: "state" }, b.state + (b.error ? ": " + b.error : "")),
    el("td", {}, b.pagesRead), el("td", {}, b.mediaFound), el("td", {}, b.queued),
    el("td", {}, b.alreadyKnown), el("td", {}, b.failed)));
  document.getElementById("backfills").replaceChildren(
    ...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 10, class: "muted" }, "none"))]));
}

async function refreshErasures() {
  const page = await getJson(api("erasures"));
  const count = (e, result) => e.items.filter((i) => i.result === result).length;
  const rows = page.erasures.map((e) => el("tr", { "data-id": e.id },
    el("td", {}, e.id), el("td", {}, e.requestedAt), el("td", {}, e.requestedBy),
    el("td", { class: "state" }, e.state),
    el("td", {}, count(e, "deleted")), el("td", {}, count(e, "absent")),
    el("td", { class: "reason" }, e.items.filter((i) => i.result === "failed")
      .map((i) => i.sink + ": " + (i.detail || "")).join("; ")),
    el("td", {}, e.receipt
      ? el("details", {}, el("summary", {}, "receipt"), el("pre", { class: "receipt" }, JSON.stringify(e.receipt, null, 1)))
      : "")));
  document.getElementById("erasures").replaceChildren(
    ...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 8, class: "muted" }, "none"))]));
}

async function erase() {
  const kind = document.getElementById("erasure-kind").value;
  const value = document.getElementById("erasure-value").value.trim();
  const channel = document.getElementById("erasure-channel").value.trim();
  const request = {};
  request[kind] = kind === "messageIds" ? value.split(",").map((id) => id.trim()).filter((id) => id) : value;
  if (channel) request.channelId = channel;
  const response = await fetch(api("erasures"),
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
  const answer = await response.json().catch(() => ({}));
  document.getElementById("erasure-result").textContent = response.ok
    ? "erasure " + answer.id + " " + answer.state
    : "refused: " + (answer.error || response.status);
  await refreshErasures();
}

async function act(method, id, done) {
  const path = api("deadletters" + (id ? "/" + encodeURIComponent(id) : ""));
  // the actuator takes a write operation's body as JSON only
  const response = await fetch(path, method === "POST"
    ? { method, headers: { "Content-Type": "application/json" }, body: "{}" }
    : { method });
  document.getElementById("action-result").textContent = response.ok
    ? (id ? id + " " + done : "all replayed")
    : (id || "all") + ": " + response.status;
  await refreshDeadLetters();
}

async function search(channelId, messageId) {
  document.getElementById("search-channel").value = channelId;
  document.getElementById("search-message").value = messageId;
  const target = document.getElementById("provenance");
  const response = await fetch(api("media/" + encodeURIComponent(channelId) + "/" + encodeURIComponent(messageId)));
  if (response.status === 404) {
    target.replaceChildren(el("p", { id: "provenance-state" }, "The connector never saw message " + messageId + "."));
    return;
  }
  const p = await response.json();
  const facts = [["state", p.state]];
  p.takenIn.forEach((t) => facts.push([t.step === "replayed" ? "replayed" : "taken in", t.at + " " + (t.via || "by " + t.by)]));
  if (p.fetched) facts.push(["fetched", p.fetched.from + ", " + p.fetched.bytes + " bytes, sha256 " + p.fetched.sha256 + ", " + p.fetched.attempts + " attempt(s)"]);
  p.sinks.forEach((s) => facts.push(["sink " + s.name, (s.path || s.url || (s.bucket + "/" + s.key)) + " at " + s.storedAt]));
  p.events.forEach((e) => facts.push(["event " + e.eventSink, e.type + " " + e.id]));
  if (p.deadLetter) facts.push(["dead letter", p.deadLetter.reason + " (" + p.deadLetter.attempts + " attempt(s))"]);
  target.replaceChildren(
    el("dl", {}, facts.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)])),
    el("p", { id: "provenance-state", "data-state": p.state }, p.state));
}

async function refresh() {
  try {
    await Promise.all([refreshFigures(), refreshDeadLetters(), refreshBackfills(), refreshErasures()]);
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById("updated").textContent = "not updated: " + e.message;
  }
}

document.getElementById("replay-all").addEventListener("click", () => act("POST", null, "replayed"));
document.getElementById("search").addEventListener("submit", (e) => {
  e.preventDefault();
  search(document.getElementById("search-channel").value.trim(), document.getElementById("search-message").value.trim());
});
document.getElementById("erasure").addEventListener("submit", (e) => {
  e.preventDefault();
  erase();
});
refresh();
setInterval(refresh, 5000);
