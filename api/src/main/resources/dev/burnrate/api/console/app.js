// The Burnrate console: a hash-routed page over the REST API. No libraries; charts are SVG drawn
// here from the API's numbers, and each drawn series keeps its values in data-values so that what
// is on screen can be checked against the API.
"use strict";

const TOKEN_KEY = "burnrate.token";
const REFRESH_MS = 10000;
const main = document.getElementById("main");
const notice = document.getElementById("notice");
let refreshTimer = null;

// ---------- HTTP ----------
class HttpError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  const t = token();
  if (t) headers.Authorization = "Bearer " + t;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method: options.method || "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = res.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && !options.quiet) askToken(t ? "The token was refused." : "This server needs a token to read.");
    throw new HttpError(res.status, typeof body === "object" ? body : null);
  }
  return body;
}

function askToken(why) {
  const d = document.getElementById("token-dialog");
  document.getElementById("token-why").textContent = why;
  if (!d.open) d.showModal();
  document.getElementById("token-input").focus();
}

document.getElementById("token-button").addEventListener("click", () => askToken(token() ? "A token is in use for this tab." : "Reads may be open; actions need a token with the write scope."));
document.getElementById("token-form").addEventListener("submit", () => {
  const v = document.getElementById("token-input").value.trim();
  if (v) sessionStorage.setItem(TOKEN_KEY, v);
  document.getElementById("token-input").value = "";
  route();
});
document.getElementById("token-forget").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById("token-dialog").close();
  route();
});

// ---------- DOM helpers ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(2)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const svgNs = "http://www.w3.org/2000/svg";
function s(tag, attrs, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
function show(...nodes) {
  // Views pass optional parts as null and groups as arrays, as h() takes them.
  main.replaceChildren(...nodes.flat(2).filter((n) => n !== null && n !== undefined && n !== false));
}
// Performance marks for the first time a view is drawn: burnrate:VIEW-ready once its elements are
// in the page, burnrate:VIEW-painted after the next frame (BENCHMARKS.md reads them).
function markReady(view) {
  if (performance.getEntriesByName("burnrate:" + view + "-ready").length) return;
  performance.mark("burnrate:" + view + "-ready");
  requestAnimationFrame(() => setTimeout(() => performance.mark("burnrate:" + view + "-painted"), 0));
}
function fail(e) {
  if (e instanceof HttpError && e.status === 401) {
    show(h("h1", null, "Token needed"), h("p", { id: "auth-needed" }, "This server asks for a token to read. ", h("button", { type: "button", onclick: () => askToken("This server needs a token to read.") }, "Enter token")));
  } else {
    show(h("h1", null, "Something went wrong"), h("p", { class: "error" }, e.message));
  }
}
function say(msg) { notice.textContent = msg; if (msg) setTimeout(() => { if (notice.textContent === msg) notice.textContent = ""; }, 8000); }

const pct = (x, d = 2) => (x === null || x === undefined ? "–" : (x * 100).toFixed(d) + "%");
const num = (x, d = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(d));
const when = (t) => (t ? new Date(t).toISOString().replace("T", " ").slice(0, 16) + "Z" : "–");
function dur(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const m = Math.round(seconds / 60);
  return m < 60 ? m + "m" : m < 1440 ? Math.floor(m / 60) + "h " + (m % 60) + "m" : Math.floor(m / 1440) + "d " + Math.floor((m % 1440) / 60) + "h";
}
const pill = (state) => h("span", { class: "pill st-" + state }, state.replace("_", " "));
function bar(remaining) {
  const r = remaining === null || remaining === undefined ? 1 : remaining;
  const w = Math.max(0, Math.min(1, r));
  return h("span", { class: "bar" + (r <= 0 ? " out" : r < 0.25 ? " low" : ""), role: "img", "aria-label": "budget remaining " + pct(r, 1) }, h("span", { style: null }));
}

// ---------- routing ----------
const routes = [
  [/^#\/slos\/(.+)$/, (m) => sloDetail(decodeURIComponent(m[1]))],
  [/^#\/(incidents|problems|changes|requests)\/(.+)$/, (m) => recordDetail(m[1], decodeURIComponent(m[2]))],
  [/^#\/(incidents|problems|changes|requests)$/, (m, p) => recordList(m[1], p)],
  [/^#\/gate$/, () => gatePage()],
  [/^#\/services\/(.+)$/, (m) => serviceDetail(decodeURIComponent(m[1]))],
  [/^#\/services$/, () => servicesPage()],
  [/^#\/reports$/, () => reportPage()],
  [/^#\/slos$/, () => sloList()],
];

function route() {
  clearInterval(refreshTimer);
  delete main.dataset.ready;
  const [hash, query] = (location.hash || "#/slos").split("?");
  const params = new URLSearchParams(query || "");
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (hash.startsWith("#/" + a.dataset.nav)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  for (const [re, fn] of routes) {
    const m = hash.match(re);
    if (m) { Promise.resolve(fn(m, params)).catch(fail); return; }
  }
  location.hash = "#/slos";
}
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);

// ---------- SLO list ----------
const listState = { service: "", state: "", label: "", q: "", sort: "budget", page: 0 };
const PAGE_ROWS = 50; // rows drawn at once: a thousand rows cost more to lay out than to fetch

async function loadAllSlos() {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api("/api/v1/slos?view=summary&limit=1000&offset=" + offset);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

// By code units, not by collation: a stable order at a fraction of localeCompare's cost.
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const labelPairs = (x) => Object.entries(x.labels || {}).map(([k, v]) => k + "=" + v);

async function sloList() {
  let current = await loadAllSlos();
  const tbody = h("tbody");
  const count = h("p", { class: "muted small", id: "slo-count", "aria-live": "polite" });
  const pager = h("div", { class: "row pager", id: "slo-pager" });
  const rem = (x) => (x.errorBudget.remaining === null ? 1 : x.errorBudget.remaining);
  const render = () => {
    const q = listState.q.toLowerCase();
    let rows = current.filter((x) =>
      (!listState.service || x.service === listState.service) &&
      (!listState.state || x.state === listState.state) &&
      (!listState.label || labelPairs(x).includes(listState.label)) &&
      (!q || x.name.toLowerCase().includes(q) || x.service.toLowerCase().includes(q) ||
        labelPairs(x).some((p) => p.toLowerCase().includes(q))));
    if (listState.sort === "budget") rows.sort((a, b) => rem(a) - rem(b) || byName(a, b));
    else if (listState.sort === "burn") rows.sort((a, b) => (b.burnRates["1h"] || 0) - (a.burnRates["1h"] || 0) || byName(a, b));
    else rows.sort((a, b) => byName(a, b));
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    listState.page = Math.min(listState.page, pages - 1);
    const first = listState.page * PAGE_ROWS;
    const shown = rows.slice(first, first + PAGE_ROWS);
    count.textContent = rows.length + " of " + current.length + " SLOs" + (pages > 1 ? ", showing " + (first + 1) + "–" + (first + shown.length) : "");
    const frag = document.createDocumentFragment();
    for (const x of shown) {
      const firing = x.alerts.filter((a) => a.state === "firing").map((a) => a.severity + " " + a.longWindow + "/" + a.shortWindow);
      const b = bar(x.errorBudget.remaining);
      // Widths are set here, not in a style attribute: that would need 'unsafe-inline' styles.
      b.firstChild.style.width = Math.max(0, Math.min(1, rem(x))) * 100 + "%";
      frag.append(h("tr", { "data-slo": x.name, "data-state": x.state, "data-remaining": rem(x), "data-sli": x.sli.ratio },
        h("td", null, h("a", { href: "#/slos/" + encodeURIComponent(x.name) }, x.name), h("div", { class: "muted small" }, x.service)),
        h("td", { class: "num" }, pct(x.sli.ratio, 3)),
        h("td", { class: "num hide-sm" }, pct(x.objective, 2)),
        h("td", null, b, " ", h("span", { class: "small" }, pct(x.errorBudget.remaining, 1))),
        h("td", { class: "num" }, num(x.burnRates["1h"]) + "×"),
        h("td", null, pill(x.state), firing.length ? h("div", { class: "muted small hide-sm" }, firing.join(", ")) : null),
        h("td", { class: "hide-sm" }, x.incident ? h("a", { href: "#/incidents/" + encodeURIComponent(x.incident.key) }, x.incident.key + " " + x.incident.priority) : "–")));
    }
    tbody.replaceChildren(frag);
    const go = (p) => () => { listState.page = p; render(); };
    pager.replaceChildren(...(pages > 1 ? [
      h("button", { type: "button", class: "quiet", id: "slo-prev", disabled: listState.page === 0, onclick: go(listState.page - 1) }, "← Previous"),
      h("span", { class: "small" }, "Page " + (listState.page + 1) + " of " + pages),
      h("button", { type: "button", class: "quiet", id: "slo-next", disabled: listState.page >= pages - 1, onclick: go(listState.page + 1) }, "Next →")] : []));
    for (const b of document.querySelectorAll("th [data-sort]")) b.closest("th").setAttribute("aria-sort", b.dataset.sort === listState.sort ? (listState.sort === "budget" || listState.sort === "name" ? "ascending" : "descending") : "none");
  };
  const set = (key) => (e) => { listState[key] = e.target.value; listState.page = 0; render(); };
  const select = (id, label, values, key) => h("label", { for: id }, label,
    h("select", { id, onchange: set(key) },
      h("option", { value: "" }, "all"), values.map((v) => h("option", { value: v, selected: listState[key] === v }, v.replace("_", " ")))));
  const services = [...new Set(current.map((x) => x.service))].sort();
  const labels = [...new Set(current.flatMap(labelPairs))].sort();
  const sortButton = (key, text) => h("button", { type: "button", "data-sort": key, onclick: () => { listState.sort = key; listState.page = 0; render(); } }, text);
  show(
    h("h1", null, "Service level objectives"),
    h("div", { class: "filters" },
      h("label", { for: "slo-search" }, "Search", h("input", { id: "slo-search", type: "search", placeholder: "name, service or label", value: listState.q, oninput: set("q") })),
      select("slo-service", "Service", services, "service"),
      select("slo-state", "State", ["firing", "ok", "no_data", "not_evaluable"], "state"),
      select("slo-label", "Label", labels, "label"),
      h("span", { class: "muted small" }, "Updates every 10 s")),
    count,
    scrollBox(h("table", { id: "slo-table" },
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, sortButton("name", "SLO")),
        h("th", { scope: "col" }, "SLI"),
        h("th", { scope: "col", class: "hide-sm" }, "Objective"),
        h("th", { scope: "col" }, sortButton("budget", "Budget left")),
        h("th", { scope: "col" }, sortButton("burn", "Burn 1h")),
        h("th", { scope: "col" }, "State"),
        h("th", { scope: "col", class: "hide-sm" }, "Incident"))),
      tbody)),
    pager);
  render();
  main.dataset.ready = "slos";
  markReady("slos");
  let refreshes = 0;
  refreshTimer = setInterval(async () => {
    try {
      current = await loadAllSlos();
      render();
      main.dataset.refreshed = ++refreshes;
    } catch (e) { say("Refresh failed: " + e.message); }
  }, REFRESH_MS);
}

// ---------- charts ----------
const COLORS = ["#0b57d0", "#b3261e", "#146c2e", "#8a5300", "#6b3fa0", "#00696f", "#a0346b", "#444"];

/**
 * A line chart: series are {name, values, color}; values line up with times (ms). Null values
 * break the line. Horizontal rules are {y, label}; marks are {t, label} vertical lines.
 */
function lineChart(id, times, series, opts = {}) {
  const W = 800, H = 220, L = 64, R = 10, T = 10, B = 24;
  const all = series.flatMap((x) => x.values).concat((opts.rules || []).map((r) => r.y)).filter((v) => v !== null && Number.isFinite(v));
  let lo = opts.min !== undefined ? Math.min(opts.min, ...all) : Math.min(...all);
  let hi = opts.max !== undefined ? Math.max(opts.max, ...all) : Math.max(...all);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (hi === lo) { hi = lo + 1; }
  // The axis runs to now (opts.end): the newest mark may be younger than the last whole minute.
  const t0 = times[0], tl = Math.max(times[times.length - 1], opts.end || 0), t1 = tl === t0 ? t0 + 1 : tl;
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const svg = s("svg", { class: "chart", id, viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": opts.label || id });
  svg.append(s("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }), s("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B }));
  for (const v of [lo, (lo + hi) / 2, hi]) svg.append(s("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end" }, (opts.format || num)(v)));
  svg.append(s("text", { x: L, y: H - 6 }, when(t0)), s("text", { x: W - R, y: H - 6, "text-anchor": "end" }, when(t1)));
  for (const r of opts.rules || []) {
    svg.append(s("line", { class: "objective", "data-rule": r.label, x1: L, x2: W - R, y1: y(r.y), y2: y(r.y), stroke: r.color || null }));
  }
  for (const m of opts.marks || []) {
    if (m.t < t0 || m.t > t1) continue;
    const g = s("line", { class: "mark" + (m.kind ? " " + m.kind : ""), "data-mark": m.label, x1: x(m.t), x2: x(m.t), y1: T, y2: H - B });
    g.append(s("title", null, m.label));
    svg.append(g);
  }
  series.forEach((ser, i) => {
    let d = "", pen = false, drawn = 0;
    ser.values.forEach((v, j) => {
      if (v === null || !Number.isFinite(v)) { pen = false; return; }
      d += (pen ? "L" : "M") + x(times[j]).toFixed(1) + " " + y(v).toFixed(1);
      pen = true; drawn++;
    });
    svg.append(s("path", { class: "series", d: d || "M0 0", stroke: ser.color || COLORS[i % COLORS.length], "data-name": ser.name, "data-points": drawn, "data-values": JSON.stringify(ser.values) }));
  });
  const legend = h("div", { class: "legend" }, series.map((ser, i) => {
    const sw = h("i"); sw.style.background = ser.color || COLORS[i % COLORS.length];
    return h("span", null, sw, ser.name);
  }), (opts.rules || []).map((r) => h("span", null, "- - " + r.label)));
  return [svg, legend];
}

/**
 * Alert conditions over time: one row per alert rule, filled where both its long and its short
 * window burn at or above its factor (the engine's condition, before any wait or quiet period).
 * Each row keeps its states (1 met, 0 not, null no data) in data-values.
 */
function alertStrip(times, alerts, burn, marks, end) {
  const W = 800, L = 150, R = 10, ROW = 22, T = 4, B = 20, H = T + B + ROW * alerts.length;
  const t0 = times[0], tl = Math.max(times[times.length - 1], end || 0), t1 = tl === t0 ? t0 + 1 : tl;
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const svg = s("svg", { class: "chart strip", id: "chart-alerts", viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": "Alert conditions over time" });
  svg.style.height = H + "px";
  const step = times.length > 1 ? times[1] - times[0] : 60e3;
  alerts.forEach((a, r) => {
    const lw = burn[a.longWindow] || [], sw = burn[a.shortWindow] || [];
    const states = times.map((_, j) => (lw[j] === null || lw[j] === undefined || sw[j] === null || sw[j] === undefined ? null : lw[j] >= a.factor && sw[j] >= a.factor ? 1 : 0));
    const y = T + r * ROW;
    const g = s("g", { "data-alert": a.name, "data-values": JSON.stringify(states) });
    g.append(s("text", { x: L - 6, y: y + ROW / 2 + 4, "text-anchor": "end" }, a.severity + " " + a.factor + "× " + a.longWindow + "/" + a.shortWindow));
    g.append(s("rect", { class: "lane", x: L, y: y + 3, width: W - L - R, height: ROW - 6 }));
    let start = -1;
    states.concat([0]).forEach((v, j) => {
      if (v === 1 && start < 0) start = j;
      if (v !== 1 && start >= 0) {
        const x0 = x(times[start]), x1 = j < times.length ? x(times[j]) : Math.min(W - R, x(times[j - 1] + step));
        g.append(s("rect", { class: "firing " + a.severity, x: x0.toFixed(1), y: y + 3, width: Math.max(1, x1 - x0).toFixed(1), height: ROW - 6 }, s("title", null, a.name + " from " + when(times[start]))));
        start = -1;
      }
    });
    svg.append(g);
  });
  for (const m of marks) {
    if (m.t < t0 || m.t > t1) continue;
    svg.append(s("line", { class: "mark" + (m.kind ? " " + m.kind : ""), x1: x(m.t), x2: x(m.t), y1: T, y2: H - B }, s("title", null, m.label)));
  }
  svg.append(s("text", { x: L, y: H - 6 }, when(t0)), s("text", { x: W - R, y: H - 6, "text-anchor": "end" }, when(t1)));
  return svg;
}

// ---------- SLO detail ----------
const RANGES = [["1h", 3600e3], ["6h", 6 * 3600e3], ["1d", 86400e3], ["7d", 7 * 86400e3]];

function windowMs(label) {
  const n = parseInt(label, 10), u = label.slice(-1);
  return n * ({ m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 30 * 86400e3 }[u] || 86400e3);
}

async function sloDetail(name, params) {
  params = params || new URLSearchParams(location.hash.split("?")[1] || "");
  const slo = await api("/api/v1/slos/" + encodeURIComponent(name));
  const range = params.get("range") || "1d";
  const ranges = RANGES.concat([["window", windowMs(slo.window)]]);
  const rangeMs = (ranges.find((r) => r[0] === range) || ranges[2])[1];
  const now = Date.now();
  const from = new Date(now - rangeMs).toISOString();
  const historyUrl = "/api/v1/slos/" + encodeURIComponent(name) + "/history?from=" + encodeURIComponent(from);
  const [hist, incidents, changes] = await Promise.all([
    api(historyUrl),
    api("/api/v1/incidents?slo=" + encodeURIComponent(name) + "&since=" + encodeURIComponent(from) + "&limit=100").catch(() => ({ items: [] })),
    api("/api/v1/changes?service=" + encodeURIComponent(slo.service) + "&since=" + encodeURIComponent(from) + "&limit=100").catch(() => ({ items: [] })),
  ]);
  const times = hist.timestamps.map((t) => Date.parse(t));
  const marks = incidents.items.map((i) => ({ t: Date.parse(i.openedAt), label: i.key + " opened" }))
    .concat(incidents.items.filter((i) => i.resolvedAt).map((i) => ({ t: Date.parse(i.resolvedAt), label: i.key + " resolved" })))
    .concat(changes.items.map((c) => ({ t: Date.parse(c.startedAt), label: c.key + " " + c.changeKind + " change", kind: "change" })));
  const windows = [...new Set(slo.alerts.map((a) => a.longWindow).concat(slo.alerts.map((a) => a.shortWindow)))]
    .filter((w) => hist.burnRates[w]).sort((a, b) => windowMs(a) - windowMs(b));
  const burnSeries = windows.map((w) => ({ name: "burn " + w, values: hist.burnRates[w] }));
  const thresholds = [...new Set(slo.alerts.map((a) => a.factor))].map((f) => ({ y: f, label: f + "× (" + slo.alerts.filter((a) => a.factor === f).map((a) => a.severity + " " + a.longWindow).join(", ") + ")" }));
  const pctFmt = (v) => (Math.abs(v) >= 10 ? (v * 100).toFixed(0) : (v * 100).toFixed(2)) + "%";
  show(
    h("p", { class: "small" }, h("a", { href: "#/slos" }, "← SLOs")),
    h("h1", null, slo.name, " ", pill(slo.state)),
    h("p", { class: "muted" }, slo.description || "", " Service ", h("a", { href: "#/services/" + encodeURIComponent(slo.service) }, slo.service), ", window ", slo.window),
    h("div", { class: "cards" },
      h("div", { class: "card" }, "SLI", h("b", { id: "card-sli" }, pct(slo.sli.ratio, 3))),
      h("div", { class: "card" }, "Objective", h("b", null, pct(slo.objective, 2))),
      h("div", { class: "card" }, "Budget left", h("b", null, pct(slo.errorBudget.remaining, 1))),
      h("div", { class: "card" }, "Burn 1h", h("b", null, num(slo.burnRates["1h"]) + "×")),
      h("div", { class: "card" }, "Exhausted in", h("b", null, slo.timeToExhaustion || "–")),
      h("div", { class: "card" }, "Incident", h("b", null, slo.incident ? h("a", { href: "#/incidents/" + encodeURIComponent(slo.incident.key) }, slo.incident.key) : "none"))),
    h("div", { class: "row", role: "group", "aria-label": "Time range" }, "Range:",
      ranges.map(([r]) => h("a", { href: "#/slos/" + encodeURIComponent(name) + "?range=" + r, "aria-current": r === range ? "true" : null, class: "pill" }, r === "window" ? slo.window : r))),
    h("h2", null, "SLI against the objective"),
    ...lineChart("chart-sli", times, [{ name: "sli", values: hist.sli }], { end: now, rules: [{ y: slo.objective, label: "objective " + pct(slo.objective) }], marks, format: pctFmt, label: "SLI over time" }),
    h("h2", null, "Error budget remaining"),
    ...lineChart("chart-budget", times, [{ name: "budget", values: hist.errorBudgetRemaining, color: COLORS[2] }], { end: now, rules: [{ y: 0, label: "exhausted" }], marks, max: 1, format: pctFmt, label: "Budget burn-down" }),
    h("h2", null, "Burn rate per alert window"),
    ...lineChart("chart-burn", times, burnSeries, { end: now, rules: thresholds, marks, min: 0, label: "Burn rates against thresholds" }),
    h("h2", null, "Alert conditions over time"),
    alertStrip(times, slo.alerts, hist.burnRates, marks, now),
    h("h2", null, "Alerts now"),
    scrollBox(h("table", { id: "alert-table" }, h("thead", null, h("tr", null, ["Alert", "Severity", "Windows", "Threshold", "Long burn", "Short burn", "State", "Since"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, slo.alerts.map((a) => h("tr", null, h("td", null, a.name), h("td", null, a.severity), h("td", null, a.longWindow + " / " + a.shortWindow),
        h("td", { class: "num" }, a.factor + "×"), h("td", { class: "num" }, num(a.longBurnRate)), h("td", { class: "num" }, num(a.shortBurnRate)),
        h("td", null, pill(a.pending ? "pending" : a.state)), h("td", null, when(a.since))))))),
    h("h2", null, "Incidents in range"),
    incidents.items.length ? h("ul", null, incidents.items.map((i) => h("li", null, h("a", { href: "#/incidents/" + encodeURIComponent(i.key) }, i.key), " ", i.title, " ", pill(i.state), " opened ", when(i.openedAt)))) : h("p", { class: "muted" }, "None."),
    h("h2", null, "Changes to " + slo.service + " in range"),
    changes.items.length ? h("ul", { id: "slo-changes" }, changes.items.map((c) => h("li", null, h("a", { href: "#/changes/" + encodeURIComponent(c.key) }, c.key), " ", c.title, " ", pill(c.state), " started ", when(c.startedAt)))) : h("p", { class: "muted" }, "None."));
  main.dataset.history = historyUrl; // the request the charts were drawn from
  main.dataset.ready = "slo";
}

// ---------- ITSM records: incidents, problems, changes, service requests ----------
const KINDS = {
  incidents: {
    one: "incident", title: "Incidents",
    states: ["active", "open", "acknowledged", "on_hold", "resolved", "closed"],
    columns: [["Key", (i) => keyLink("incidents", i.key)], ["Title", (i) => i.title], ["Service", (i) => i.service],
      ["Priority", (i) => i.priority], ["State", (i) => pill(i.state)], ["Opened", (i) => when(i.openedAt)], ["Resolved", (i) => when(i.resolvedAt), "hide-sm"]],
  },
  problems: {
    one: "problem", title: "Problems",
    states: ["open", "known_error", "resolved", "closed"],
    columns: [["Key", (p) => keyLink("problems", p.key)], ["Title", (p) => p.title], ["Services", (p) => p.services.join(", ")],
      ["State", (p) => pill(p.state)], ["Incidents", (p) => p.incidents.length, "hide-sm"], ["Opened", (p) => when(p.openedAt)]],
  },
  changes: {
    one: "change", title: "Changes",
    states: ["planned", "approved", "rejected", "in_progress", "completed", "failed", "cancelled"],
    columns: [["Key", (c) => keyLink("changes", c.key)], ["Title", (c) => c.title], ["Service", (c) => c.service],
      ["Kind", (c) => c.changeKind, "hide-sm"], ["State", (c) => pill(c.state)], ["Started", (c) => when(c.startedAt)],
      ["Gate", (c) => (c.gateDecision ? pill(c.gateDecision.decision) : "–"), "hide-sm"]],
  },
  requests: {
    one: "request", title: "Service requests",
    states: ["pending", "approved", "rejected"],
    columns: [["Key", (r) => keyLink("requests", r.key)], ["Type", (r) => r.type.replace("_", " ")], ["Service", (r) => r.service],
      ["State", (r) => pill(r.state)], ["Requested by", (r) => r.requestedBy, "hide-sm"], ["Valid until", (r) => when(r.validUntil)]],
  },
};
const KEY_KINDS = { INC: "incidents", PRB: "problems", CHG: "changes", REQ: "requests" };
const keyLink = (kind, key) => h("a", { href: "#/" + kind + "/" + encodeURIComponent(key) }, key);
const serviceLink = (n) => h("a", { href: "#/services/" + encodeURIComponent(n) }, n);
const scrollBox = (...c) => h("div", { class: "scroll" }, ...c);

async function recordList(kind, params) {
  const k = KINDS[kind];
  const state = params.get("state") || "", service = params.get("service") || "";
  const q = new URLSearchParams({ limit: "200" });
  if (state) q.set("state", state);
  if (service) q.set("service", service);
  const page = await api("/api/v1/" + kind + "?" + q);
  const go = () => {
    const p = new URLSearchParams();
    const st = document.getElementById("rec-state").value, sv = document.getElementById("rec-service").value.trim();
    if (st) p.set("state", st);
    if (sv) p.set("service", sv);
    location.hash = "#/" + kind + (p.toString() ? "?" + p : "");
  };
  show(h("h1", null, k.title),
    h("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); go(); } },
      h("label", { for: "rec-state" }, "State", h("select", { id: "rec-state", onchange: go }, [""].concat(k.states).map((v) => h("option", { value: v, selected: v === state }, v ? v.replace("_", " ") : "all")))),
      h("label", { for: "rec-service" }, "Service", h("input", { id: "rec-service", value: service, onchange: go })),
      h("button", { type: "submit", class: "quiet" }, "Filter")),
    scrollBox(h("table", { id: k.one + "-table" },
      h("thead", null, h("tr", null, k.columns.map(([t, , cls]) => h("th", { scope: "col", class: cls || null }, t)))),
      h("tbody", null, page.items.map((x) => h("tr", { "data-key": x.key, "data-state": x.state }, k.columns.map(([, f, cls]) => h("td", { class: cls || null }, f(x)))))))),
    page.items.length ? null : h("p", { class: "muted", id: "no-records" }, "No " + k.title.toLowerCase() + "."));
  main.dataset.ready = kind;
}

/** Runs an action; a refusal for want of a token (or of its scope) asks for one. */
async function act(path, method, body, again) {
  try {
    await api(path, { method, body, quiet: true });
    say("");
    await again();
  } catch (e) {
    if (e.status === 401 || e.status === 403) { say("This needs a token with the write scope: " + e.message); askToken("Actions need a token with the write scope."); }
    else say(e.message);
  }
}

function linkItem(l) {
  const kind = KEY_KINDS[(l.key || "").split("-")[0]];
  const target = l.url ? h("a", { href: l.url, rel: "noreferrer", target: "_blank" }, l.key) : kind ? keyLink(kind, l.key) : l.key;
  return h("li", { "data-link": l.key }, target, " ", h("span", { class: "muted small" }, l.relation + (l.direction === "incoming" ? " (to this)" : "") + " · " + when(l.createdAt)));
}

async function recordDetail(kind, key) {
  const k = KINDS[kind];
  const path = "/api/v1/" + kind + "/" + encodeURIComponent(key);
  const x = await api(path);
  const again = () => recordDetail(kind, key);
  const by = () => document.getElementById("act-by").value.trim() || "console";
  const button = (id, text, verb, cls) => h("button", { type: "button", id, class: cls || null, onclick: () => act(path + "/" + verb, "POST", { by: by() }, again) }, text);
  const cards = [], actions = [];
  let impacted = [];
  if (kind === "incidents") {
    cards.push(["Service", serviceLink(x.service)], ["SLO", x.slo ? h("a", { href: "#/slos/" + encodeURIComponent(x.slo) }, x.slo) : "–"],
      ["Priority", x.priority + " " + x.severity], ["Opened", when(x.openedAt)],
      ["Acknowledged", x.acknowledgedAt ? when(x.acknowledgedAt) + " by " + x.acknowledgedBy : "–"], ["Resolved", x.resolvedAt ? when(x.resolvedAt) : "–"]);
    if (x.assignment) cards.push(["Assigned", [x.assignment.group, x.assignment.assignee].filter(Boolean).join(" / ") || "–"]);
    if (x.state === "open") actions.push(button("ack", "Acknowledge", "acknowledge"));
    if (x.state === "open" || x.state === "acknowledged") actions.push(button("hold", "Hold", "hold", "quiet"));
    if (x.state === "on_hold") actions.push(button("resume", "Resume", "resume"));
    if (x.state === "open" || x.state === "acknowledged" || x.state === "on_hold") actions.push(button("resolve", "Resolve", "resolve", "quiet"));
    if (x.state === "resolved") actions.push(button("close", "Close", "close", "quiet"));
    impacted = [x.service].concat(x.impactedServices || []);
  } else if (kind === "problems") {
    cards.push(["Scope", x.scope], ["SLO", x.slo ? h("a", { href: "#/slos/" + encodeURIComponent(x.slo) }, x.slo) : "–"], ["Opened", when(x.openedAt)],
      ["Known error", x.knownErrorAt ? when(x.knownErrorAt) : "–"], ["Resolved", x.resolvedAt ? when(x.resolvedAt) : "–"],
      ["Closed", x.closedAt ? when(x.closedAt) + " by " + x.closedBy : "–"]);
    if (x.state === "open" || x.state === "known_error") actions.push(button("resolve", "Resolve", "resolve", "quiet"));
    if (x.state !== "closed") actions.push(button("close", "Close problem", "close"));
    impacted = x.services;
  } else if (kind === "changes") {
    cards.push(["Service", serviceLink(x.service)], ["Kind", x.changeKind + (x.flagged ? " (flagged)" : "")], ["Started", when(x.startedAt)],
      ["Ended", when(x.endedAt)], ["Source", x.source && x.source.url ? h("a", { href: x.source.url, rel: "noreferrer", target: "_blank" }, x.source.system || "link") : (x.source && x.source.system) || "–"],
      ["Gate", x.gateDecision ? x.gateDecision.decision : "–"]);
    const patch = (id, text, state, cls) => h("button", { type: "button", id, class: cls || null, onclick: () => act(path, "PATCH", { state, by: by() }, again) }, text);
    if (x.state === "planned") actions.push(patch("approve", "Approve", "approved"), patch("reject", "Reject", "rejected", "quiet"));
    impacted = [x.service];
  } else {
    cards.push(["Type", x.type.replace("_", " ")], ["Service", serviceLink(x.service)], ["SLO", x.slo || "–"], ["Requested", when(x.requestedAt) + " by " + x.requestedBy],
      ["Valid", when(x.validFrom) + " – " + when(x.validUntil)], ["Decided", x.decidedAt ? when(x.decidedAt) + " by " + x.decidedBy : "–"]);
    const decide = (id, text, verb, cls) => h("button", { type: "button", id, class: cls || null, onclick: () => act(path + "/" + verb, "POST", { by: by() }, again) }, text);
    if (x.state === "pending") actions.push(decide("approve", "Approve", "approve"), decide("reject", "Reject", "reject", "quiet"));
    impacted = [x.service];
  }
  show(
    h("p", { class: "small" }, h("a", { href: "#/" + kind }, "← " + k.title)),
    h("h1", null, x.key, " ", h("span", { id: k.one + "-state", class: "record-state" }, pill(x.state))),
    h("p", null, x.title || x.reason || ""),
    x.rootCause || x.workaround ? h("p", null, "Root cause: ", x.rootCause || "–", ". Workaround: ", x.workaround || "–", ".") : null,
    h("div", { class: "cards" }, cards.map(([t, v]) => h("div", { class: "card" }, t, h("b", { class: "small" }, v)))),
    actions.length ? h("div", { class: "row no-print", role: "group", "aria-label": "Actions" },
      h("label", { for: "act-by" }, "As"), h("input", { id: "act-by", value: "console", size: 12 }), actions) : null,
    h("h2", null, "Impacted services"),
    h("ul", { id: "impacted" }, impacted.map((n) => h("li", null, serviceLink(n)))),
    kind === "problems" ? [h("h2", null, "Incidents"), x.incidents.length ? h("ul", null, x.incidents.map((i) => h("li", null, keyLink("incidents", i)))) : h("p", { class: "muted" }, "None.")] : null,
    h("h2", null, "Links"),
    (x.links || []).length ? h("ul", { id: "links" }, x.links.map(linkItem)) : h("p", { class: "muted" }, "None."),
    h("h2", null, "External records"),
    (x.externalRecords || []).length ? h("ul", { id: "external-records" }, x.externalRecords.map((r) => h("li", { "data-connector": r.connector },
      r.url ? h("a", { href: r.url, rel: "noreferrer", target: "_blank" }, r.key || r.id) : (r.key || r.id), " ", h("span", { class: "muted small" }, "in " + r.connector + " since " + when(r.createdAt)))))
      : h("p", { class: "muted" }, kind === "requests" ? "Not sent to ITSM tools." : "None yet."),
    x.timeline ? [h("h2", null, "Timeline"),
      h("ol", { class: "timeline", id: "timeline" }, x.timeline.map((e) => h("li", { "data-kind": e.kind }, h("b", null, e.kind), " ", h("span", { class: "muted small" }, when(e.at) + (e.actor ? " · " + e.actor : "")), h("div", null, e.message || ""))))] : null,
    kind === "requests" && x.decisionComment ? h("p", null, "Decision: ", x.decisionComment) : null);
  main.dataset.ready = k.one;
}

// ---------- change gate ----------
async function gatePage() {
  const services = await api("/api/v1/services").catch(() => ({ items: [] }));
  const result = h("div", { id: "gate-result", "aria-live": "polite" });
  const submit = async (e) => {
    e.preventDefault();
    const body = { service: document.getElementById("gate-service").value.trim(), kind: document.getElementById("gate-kind").value };
    result.replaceChildren(h("p", { class: "muted" }, "Asking…"));
    try {
      const d = await api("/api/v1/changes/evaluate", { method: "POST", body, quiet: true });
      result.dataset.decision = d.decision;
      result.replaceChildren(h("h2", null, "Decision: ", pill(d.decision)),
        h("ul", { id: "gate-reasons" }, d.reasons.map((r) => h("li", null, r))),
        Object.keys(d.budgets || {}).length ? h("table", null, h("thead", null, h("tr", null, h("th", null, "SLO"), h("th", null, "Budget left"))),
          h("tbody", null, Object.entries(d.budgets).map(([k, v]) => h("tr", null, h("td", null, k), h("td", { class: "num" }, pct(v, 1)))))) : null);
    } catch (err) {
      if (err.status === 401 || err.status === 403) askToken("Asking the gate needs a token with the write scope.");
      result.dataset.decision = "error";
      result.replaceChildren(h("p", { class: "error" }, err.message));
    }
  };
  show(h("h1", null, "Change gate"),
    h("p", { class: "muted" }, "Ask whether a change to a service may go out now. Nothing is recorded."),
    h("form", { id: "gate-form", class: "filters", onsubmit: submit },
      h("label", { for: "gate-service" }, "Service", h("input", { id: "gate-service", required: true, list: "gate-services" })),
      h("datalist", { id: "gate-services" }, services.items.map((x) => h("option", { value: x.name }))),
      h("label", { for: "gate-kind" }, "Kind", h("select", { id: "gate-kind" }, ["normal", "standard", "emergency"].map((k) => h("option", { value: k }, k)))),
      h("button", { type: "submit", id: "gate-submit" }, "Ask the gate")),
    result);
  main.dataset.ready = "gate";
}

// ---------- services ----------
async function servicesPage() {
  const page = await api("/api/v1/services");
  show(h("h1", null, "Services"),
    h("table", { id: "service-table" }, h("thead", null, h("tr", null, ["Service", "Owner", "Tier", "Depends on", "Depended on by", "Budgets"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, page.items.map((x) => h("tr", { "data-service": x.name },
        h("td", null, h("a", { href: "#/services/" + encodeURIComponent(x.name) }, x.name), h("div", { class: "muted small" }, x.description || "")),
        h("td", null, x.owner || "–"), h("td", null, x.tier || "–"), h("td", null, (x.dependsOn || []).join(", ") || "–"),
        h("td", null, (x.dependents || []).join(", ") || "–"),
        h("td", null, Object.entries(x.slos || {}).map(([k, v]) => h("div", { class: "small" }, h("a", { href: "#/slos/" + encodeURIComponent(k) }, k), " " + pct(v, 1)))))))));
  main.dataset.ready = "services";
}

async function serviceDetail(name) {
  const x = await api("/api/v1/services/" + encodeURIComponent(name));
  const link = (n) => h("a", { href: "#/services/" + encodeURIComponent(n) }, n);
  const list = (a) => (a && a.length ? h("ul", null, a.map((n) => h("li", null, link(n)))) : h("p", { class: "muted" }, "None."));
  show(h("p", { class: "small" }, h("a", { href: "#/services" }, "← Services")), h("h1", null, x.name),
    h("p", { class: "muted" }, x.description || "", x.owner ? " Owner " + x.owner + "." : ""),
    h("h2", null, "Budgets"), h("ul", null, Object.entries(x.slos || {}).map(([k, v]) => h("li", null, h("a", { href: "#/slos/" + encodeURIComponent(k) }, k), " ", pct(v, 1), " left"))),
    h("h2", null, "Depends on (transitively)"), list(x.dependencies || x.dependsOn),
    h("h2", null, "What depends on it"), list(x.dependents));
  main.dataset.ready = "service";
}

// ---------- reports ----------
function lastMonth() {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return m.toISOString().slice(0, 7);
}

async function reportPage(m, params) {
  params = params || new URLSearchParams(location.hash.split("?")[1] || "");
  const month = params.get("month") || lastMonth();
  const r = await api("/api/v1/reports/slos?month=" + encodeURIComponent(month));
  const q = "month=" + encodeURIComponent(month);
  show(h("h1", null, "SLO and SLA report ", month),
    h("div", { class: "filters no-print" },
      h("label", { for: "report-month" }, "Month", h("input", { id: "report-month", type: "month", value: month, onchange: (e) => { location.hash = "#/reports?month=" + e.target.value; } })),
      h("button", { type: "button", onclick: () => window.print() }, "Print"),
      h("span", { class: "small" }, "Download: CSV and PDF with ", h("code", null, "GET /api/v1/reports/slos?" + q + "&format=csv|pdf"))),
    h("p", { class: "muted" }, "From ", r.from, " to ", r.to, " (UTC, end excluded)."),
    r.services.map((svc) => h("section", { "data-report-service": svc.service },
      h("h2", null, svc.service),
      h("table", null, h("thead", null, h("tr", null, ["SLO", "Objective", "Attainment", "Budget consumed", "SLA", "Breach", "Credit", "Worst days"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", null, svc.slos.map((x) => h("tr", { "data-report-slo": x.slo },
          h("td", null, x.slo), h("td", { class: "num" }, pct(x.objective, 3)), h("td", { class: "num" }, pct(x.attainment, 3)),
          h("td", { class: "num" }, pct(x.budgetConsumed, 1)),
          h("td", { class: "num" }, x.sla ? pct(x.sla.objective, 3) : "–"),
          h("td", null, x.sla ? (x.sla.breached ? pill("breached") : "no") : "–"),
          h("td", { class: "num" }, x.sla ? pct(x.sla.credit, 0) : "–"),
          h("td", { class: "small" }, x.worstDays.map((d) => d.day + " " + pct(d.sli, 2)).join(", ")))))),
      h("p", null, "Incidents: ", svc.incidents.length, ", MTTA ", dur(svc.mttaSeconds), ", MTTR ", dur(svc.mttrSeconds)),
      svc.incidents.length ? h("table", null, h("thead", null, h("tr", null, ["Incident", "Priority", "Opened", "Acknowledged after", "Resolved after"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", null, svc.incidents.map((i) => h("tr", null, h("td", null, i.key + " " + i.title), h("td", null, i.priority), h("td", null, when(i.openedAt)),
          h("td", null, dur(i.timeToAcknowledgeSeconds)), h("td", null, dur(i.durationSeconds)))))) : null)));
  main.dataset.ready = "report";
}
