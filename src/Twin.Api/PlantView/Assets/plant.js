// Twin plant view: reads GET /api/plants/{plant}/overview, then follows the plant's change feed (server-sent events)
// and applies what an event says at once (a machine's status) or re-reads only the part it touched, at most once a
// second. Every value reaches the page as text (textContent, never markup), so nothing a twin holds can run here.
"use strict";

(() => {
  const plant = decodeURIComponent(location.pathname.split("/")[2] || "");
  const api = "/api/plants/" + encodeURIComponent(plant);
  const $ = id => document.getElementById(id);
  const tiles = new Map(); // machine id -> { card, badge, since }

  // Parts re-read after an event, gathered for one request; periodic re-reads for what changes without events.
  const wanted = new Set();
  let flushTimer = null;
  const DEBOUNCE_MS = 1000;
  const PERIODIC = [
    { parts: ["erp", "connections", "kpis"], everyMs: 10000 }, // KPIs are recomputed by the silo every few seconds
    { parts: ["machines", "work-orders", "lots-on-hold"], everyMs: 30000 }, // OEE and counts move without events
  ];

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
  const percent = v => (v === null || v === undefined ? "–" : Math.round(v * 100) + " %");
  const time = t => (t ? new Date(t).toLocaleTimeString() : "–");
  const dateTime = t => (t ? new Date(t).toLocaleString() : "–");

  // System.Text.Json writes a TimeSpan as [d.]hh:mm:ss[.fffffff].
  function duration(span) {
    if (!span) return "–";
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.\d+)?$/.exec(span);
    if (!m) return span;
    return durationOf((+(m[1] || 0)) * 86400 + (+m[2]) * 3600 + (+m[3]) * 60 + (+m[4]));
  }

  function durationOf(totalSeconds) {
    const seconds = Math.round(totalSeconds);
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min " + (seconds % 60) + " s";
    if (seconds < 86400) return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
    return Math.floor(seconds / 86400) + " d " + Math.floor((seconds % 86400) / 3600) + " h";
  }

  function showProblem(text) {
    const p = $("problem");
    p.textContent = text;
    p.hidden = !text;
  }

  function setLive(state, text) {
    const live = $("live");
    live.className = "live live-" + state;
    live.textContent = text;
  }

  function more(id, list, noun) {
    const p = $(id);
    p.hidden = !list.more;
    p.textContent = list.more ? "Showing the first " + list.items.length + " " + noun + " in id order; the plant has more." : "";
  }

  // ---- machines by line -------------------------------------------------------------------------------------

  function setStatus(tile, status, since) {
    tile.card.className = "machine status-" + status;
    tile.badge.textContent = status;
    tile.since.textContent = "since " + time(since);
    tile.card.dataset.status = status;
  }

  function machineCard(m) {
    const badge = el("span", "badge");
    const since = el("div", "muted");
    const oee = m.oee;
    const card = el("article", "machine",
      el("header", null, el("span", "name", m.name || m.machineId), badge),
      since,
      el("div", "oee", percent(oee && oee.oee), " ", el("small", null, "OEE")),
      el("div", "muted", "A " + percent(oee && oee.availability) + " · P " + percent(oee && oee.performance) + " · Q " + percent(oee && oee.quality)),
      el("div", "order", m.workOrderId ? "Order " + m.workOrderId + (m.operationSequence !== null ? " · op " + m.operationSequence : "") : "No order"),
      el("div", "muted", "good " + number.format(m.good) + " · scrap " + number.format(m.scrap)));
    card.dataset.machine = m.machineId;
    card.title = m.machineId;
    const tile = { card, badge, since };
    setStatus(tile, m.status, m.statusSince);
    tiles.set(m.machineId, tile);
    return card;
  }

  function renderMachines(list) {
    tiles.clear();
    const byLine = new Map();
    for (const m of list.items) {
      const line = m.line || "(no line)";
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line).push(m);
    }

    const sections = [...byLine.keys()].sort().map(line =>
      el("div", "line", el("h3", null, line), el("div", "grid", ...byLine.get(line).map(machineCard))));
    $("lines").replaceChildren(...(sections.length ? sections : [el("p", "muted", "No machines registered in this plant.")]));
    more("machines-more", list, "machines");
  }

  // ---- work orders, holds, ERP, connections -----------------------------------------------------------------

  // An empty table's one row spans every column, so the message is not squeezed into the first.
  function emptyRow(body, text) {
    const cell = el("td", "muted", text);
    cell.colSpan = $(body).closest("table").querySelectorAll("thead th").length;
    return el("tr", null, cell);
  }

  function renderOrders(list) {
    const rows = list.items.map(o => {
      const share = o.plannedQuantity > 0 ? Math.min(1, o.good / o.plannedQuantity) : 0;
      const fill = el("span");
      fill.style.width = (share * 100).toFixed(1) + "%";
      return el("tr", null,
        el("td", null, o.workOrderId), el("td", null, o.item), el("td", null, o.status),
        el("td", null, el("span", "bar", fill), " ", number.format(o.good) + " / " + number.format(o.plannedQuantity) + " " + o.unit),
        el("td", "num", number.format(o.good)), el("td", "num", number.format(o.scrap)), el("td", "num", number.format(o.receivedQuantity)));
    });
    $("orders-body").replaceChildren(...(rows.length ? rows : [emptyRow("orders-body", "No open work orders.")]));
    more("orders-more", list, "orders");
  }

  function renderHolds(list) {
    const rows = list.items.map(l => el("tr", null,
      el("td", null, l.lotId), el("td", null, l.item), el("td", "num", number.format(l.quantity) + " " + l.unit), el("td", null, l.reason || "–")));
    $("holds-body").replaceChildren(...(rows.length ? rows : [emptyRow("holds-body", "No lots on hold.")]));
    more("holds-more", list, "lots");
  }

  function renderErp(erp) {
    const figures = [
      ["Pending", number.format(erp.pendingCount)],
      ["Oldest pending", duration(erp.oldestPendingAge)],
      ["In flight", number.format(erp.inFlightCount)],
      ["Posted", number.format(erp.posted)],
      ["Last posted", dateTime(erp.lastPostedAt)],
      ["Retried", number.format(erp.retried)],
      ["Dead letters", number.format(erp.deadLetterCount), erp.deadLetterCount > 0 ? "bad" : null],
      ["Refused", number.format(erp.refused), erp.refused > 0 ? "bad" : null],
      ["Connector", erp.connectorConfigured ? "configured" : "not configured", erp.connectorConfigured ? null : "bad"],
      ["Last failure", erp.lastFailure || "–", erp.lastFailure ? "bad" : null],
    ];
    $("erp-figures").replaceChildren(...figures.flatMap(([name, value, cls]) => [el("dt", null, name), el("dd", cls || null, value)]));
  }

  function renderConnections(connections) {
    const rows = connections.map(c => el("tr", null,
      el("td", null, c.connectionId.startsWith(plant + ":") ? c.connectionId.slice(plant.length + 1) : c.connectionId, el("div", "muted", c.endpointUrl)),
      el("td", "state-" + c.state, c.state),
      el("td", null, time(c.lastDataAt)),
      el("td", c.gaps > 0 ? "num bad" : "num", number.format(c.gaps)),
      el("td", c.overflowedValues > 0 ? "num bad" : "num", number.format(c.overflowedValues)),
      el("td", "num", number.format(c.reconnects)),
      el("td", c.lastError ? "bad" : null, c.lastError || "–")));
    $("connections-body").replaceChildren(...(rows.length ? rows : [emptyRow("connections-body", "No OPC UA connections configured for this plant.")]));
  }

  // ---- KPIs and latency objectives --------------------------------------------------------------------------

  const seconds = s => (s === null || s === undefined ? "–" : s < 1 ? Math.round(s * 1000) + " ms" : number.format(s) + " s");
  const plural = (n, one, many) => number.format(n) + " " + (n === 1 ? one : many);

  // One row per KPI: what it counts, whether it needs attention, and the figures behind it.
  function kpiRows(k) {
    const d = k.delayedConfirmations, u = k.unpostedGoodsMovements, i = k.inventoryMismatch;
    const q = k.qualityHolds, w = k.webhookDeliveries, c = k.connections;
    const atLeast = capped => (capped ? "≥ " : "");
    return [
      ["Delayed confirmations", d.ok, atLeast(d.capped) + number.format(d.count),
        "queued longer than the ERP posting objective (" + seconds(d.objectiveSeconds) + ")"],
      ["Unposted goods movements", u.ok, atLeast(u.capped) + number.format(u.count),
        (Object.entries(u.byKind).map(([kind, n]) => kind + " " + number.format(n)).join(", ") || "none refused") +
        " · dead letters of every kind " + number.format(u.deadLettersAllKinds)],
      ["Inventory mismatch", i.ok, number.format(i.mismatchedLines),
        i.status + (i.reason ? " (" + i.reason + ")" : "") + " · " + plural(i.unconfirmedLines, "unconfirmed line", "unconfirmed lines") +
        " · " + plural(i.locationsChecked, "location", "locations") + " checked" + (i.lastRunCompletedAt ? " at " + time(i.lastRunCompletedAt) : "")],
      ["Quality holds overdue", q.ok, number.format(q.overdue),
        plural(q.onHold, "lot", "lots") + " on hold, overdue after " + durationOf(q.limitSeconds) +
        (q.overdueLots.length ? " · " + q.overdueLots.join(", ") : "")],
      ["Failed webhook deliveries", w.ok, number.format(w.deadLetters),
        plural(w.subscriptions, "subscription", "subscriptions") + ", " + number.format(w.failingSubscriptions) + " failing, " +
        number.format(w.pending) + " pending"],
      ["Degraded connections", c.ok, number.format(c.degraded.length),
        plural(c.total, "connection", "connections") + ": " + number.format(c.withGaps) + " with gaps, " + number.format(c.withOverflow) +
        " with overflow, " + number.format(c.notConnected) + " not connected" + (c.degraded.length ? " · " + c.degraded.join(", ") : "")],
    ];
  }

  function renderKpis(k) {
    const rows = kpiRows(k).map(([name, ok, value, detail]) => {
      const row = el("tr", null, el("td", null, name), el("td", ok ? "state-ok" : "state-attention", ok ? "ok" : "attention"),
        el("td", ok ? "num" : "num bad", value), el("td", "muted", detail));
      row.dataset.kpi = name;
      row.dataset.ok = String(ok);
      return row;
    });
    $("kpis-body").replaceChildren(...rows);
    const verdict = $("kpis-verdict");
    const attention = rows.filter(r => r.dataset.ok === "false").length + k.objectives.filter(o => o.status === "missed").length;
    verdict.className = "verdict " + (k.ok ? "state-ok" : "state-attention");
    verdict.textContent = k.ok ? "all ok" : attention + " need attention";
    $("kpis-computed").textContent = "computed " + time(k.computedAt);
    renderObjectives(k.objectives);
  }

  function renderObjectives(objectives) {
    const rows = objectives.map(o => {
      const row = el("tr", null,
        el("td", null, o.workflow), el("td", "state-" + o.status, o.status),
        el("td", "num", seconds(o.objectiveSeconds)),
        el("td", "num", o.count ? Math.floor(o.compliance * 1000) / 10 + " % of " + Math.round(o.target * 100) + " %" : "–"),
        el("td", "num", number.format(o.count)),
        el("td", "num", seconds(o.p50Seconds)), el("td", "num", seconds(o.p90Seconds)), el("td", "num", seconds(o.p99Seconds)),
        el("td", "num", seconds(o.maxSeconds)));
      row.dataset.workflow = o.workflow;
      row.dataset.status = o.status;
      return row;
    });
    $("objectives-body").replaceChildren(...(rows.length ? rows : [emptyRow("objectives-body", "No objectives configured.")]));
  }

  function render(overview) {
    if (overview.machines) renderMachines(overview.machines);
    if (overview.workOrders) renderOrders(overview.workOrders);
    if (overview.lotsOnHold) renderHolds(overview.lotsOnHold);
    if (overview.erp) renderErp(overview.erp);
    if (overview.connections) renderConnections(overview.connections);
    if (overview.kpis) renderKpis(overview.kpis);
    $("updated").textContent = "updated " + time(overview.time);
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  function signIn() {
    location.assign("/login?returnUrl=" + encodeURIComponent(location.pathname));
  }

  async function load(parts) {
    const query = parts ? "?parts=" + encodeURIComponent(parts.join(",")) : "";
    let response;
    try {
      response = await fetch(api + "/overview" + query, { credentials: "same-origin", headers: { Accept: "application/json" } });
    } catch (e) {
      showProblem("The silo does not answer (" + e.message + "); retrying.");
      return;
    }

    if (response.status === 401) { signIn(); return; }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch { /* not a problem document */ }
      showProblem("Plant '" + plant + "': " + detail);
      return;
    }

    showProblem("");
    render(await response.json());
  }

  function want(part) {
    wanted.add(part);
    if (flushTimer === null) {
      flushTimer = setTimeout(() => {
        flushTimer = null;
        const parts = [...wanted];
        wanted.clear();
        load(parts);
      }, DEBOUNCE_MS);
    }
  }

  // ---- following the plant ----------------------------------------------------------------------------------

  const ORDER_EVENTS = new Set(["production-reported", "scrap-reported", "work-order-status-changed", "material-consumed"]);
  const LOT_EVENTS = new Set(["quality-hold-placed", "quality-hold-released", "lot-split", "lots-merged"]);

  function apply(change) {
    const payload = change.payload || {};
    if (change.type === "machine-status-changed") {
      const tile = tiles.get(payload.machineId);
      if (tile) setStatus(tile, payload.to, change.time);
      else want("machines");
    } else if (change.type === "twin-changed") {
      want({ "machine": "machines", "work-order": "work-orders", "lot": "lots-on-hold" }[change.twinKind] || "erp");
    }

    if (ORDER_EVENTS.has(change.type) || payload.workOrderId) want("work-orders");
    if (LOT_EVENTS.has(change.type)) want("lots-on-hold");
    if (payload.isErpTransaction) { want("erp"); want("kpis"); }
  }

  function follow() {
    const feed = new EventSource(api + "/changes");
    feed.onopen = () => setLive("on", "live");
    feed.onmessage = e => apply(JSON.parse(e.data));
    // Missed events are not replayed after a reset: read everything again.
    feed.addEventListener("reset", () => load(null));
    feed.onerror = () => {
      if (feed.readyState === EventSource.CLOSED) {
        // The silo refused the stream (a session that ended, a key removed): reading tells which.
        setLive("off", "not following");
        load(null);
      } else {
        setLive("connecting", "reconnecting…");
      }
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("plant-id").textContent = plant;
    document.title = "Twin — " + plant;
    for (const { parts, everyMs } of PERIODIC) {
      setInterval(() => { if (!document.hidden) load(parts); }, everyMs);
    }
    load(null).then(follow);
  });
})();
