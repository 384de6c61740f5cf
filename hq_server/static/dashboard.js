// Refreshes the dashboard tables from /api/v1/dashboard every 5 seconds (no framework).
"use strict";
(function () {
  const REFRESH_MS = 5000;
  const L = JSON.parse(document.getElementById("labels").textContent);

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function when(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
      `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }

  function status(t) {
    if (t.revoked) return L.revoked;
    if (!t.enrolled) return L.not_enrolled;
    if (t.online) return L.online;
    return t.last_seen_at ? L.offline : L.never_seen;
  }

  function row(store, t) {
    const tr = el("tr", (t.flagged ? "flagged " : "") + (t.online ? "online" : "offline"));
    tr.dataset.terminalId = t.id;
    tr.append(
      el("td", "store", `${store.code} ${store.name}`),
      el("td", "name", t.name),
      el("td", "status", status(t)),
      el("td", "last-seen", when(t.last_seen_at)),
      el("td", "last-seq num", t.last_seq),
      el("td", "backlog num", t.outbox_depth),
      el("td", "oldest-pending", when(t.oldest_pending_at)),
      el("td", "sales-count num", t.sales_today_count),
      el("td", "sales-total num", t.sales_today_total_yuan),
      el("td", "skew num" + (t.clock_skew_warning ? " warn" : ""),
        t.clock_skew_seconds === null ? "—" : t.clock_skew_seconds),
      el("td", "quarantine num" + (t.quarantine_count ? " warn" : ""), t.quarantine_count),
    );
    const flag = el("td", "flag");
    if (t.flagged) {
      flag.append(el("span", "badge", L.flagged), document.createTextNode(" " + (t.flag_reason || "")));
    } else {
      flag.textContent = L.ok;
    }
    tr.append(flag);
    return tr;
  }

  function emptyRow(text, span) {
    const tr = el("tr");
    const td = el("td", "empty", text);
    td.colSpan = span;
    tr.append(td);
    return tr;
  }

  function dayCloseRow(store, t, dc) {
    const tr = el("tr", dc.status);
    tr.dataset.terminalId = t.id;
    tr.dataset.businessDate = dc.business_date;
    const diffs = el("td", "differences");
    for (const d of dc.differences) {
      const span = el("span", "difference",
        `${L["fig_" + d.figure] || d.figure} ${d.z_text} / ${d.hq_text}`);
      span.dataset.figure = d.figure;
      diffs.append(span);
    }
    tr.append(
      el("td", "store", `${store.code} ${store.name}`),
      el("td", "name", t.name),
      el("td", "date", dc.business_date),
      el("td", "closed-by", dc.closed_by),
      el("td", "net num", dc.net_yuan),
      el("td", "reconciliation", L[dc.status] || dc.status),
      diffs,
    );
    return tr;
  }

  function anomalyRow(a) {
    const tr = el("tr");
    tr.dataset.anomalyId = String(a.id);
    tr.dataset.kind = a.kind;
    tr.dataset.terminalId = a.terminal_id;
    tr.append(
      el("td", "when", when(a.created_at)),
      el("td", "store", a.store_code),
      el("td", "name", a.terminal_name),
      el("td", "kind", L["anomaly_" + a.kind] || a.kind),
      el("td", "seq num", a.seq === null ? "—" : a.seq),
      el("td", "detail", a.detail),
    );
    return tr;
  }

  function renderDayCloses(data) {
    const rows = [];
    for (const store of data.stores) {
      for (const t of store.terminals) {
        for (const dc of t.day_closes) rows.push(dayCloseRow(store, t, dc));
      }
    }
    if (!rows.length) rows.push(emptyRow(L.no_day_closes, 7));
    document.getElementById("day-close-rows").replaceChildren(...rows);
  }

  function renderAnomalies(data) {
    const rows = data.anomalies.map(anomalyRow);
    if (!rows.length) rows.push(emptyRow(L.no_anomalies, 6));
    document.getElementById("anomaly-rows").replaceChildren(...rows);
  }

  function render(data) {
    const body = document.getElementById("terminal-rows");
    const rows = [];
    if (!data.stores.length) {
      const tr = el("tr");
      const td = el("td", "empty", L.no_stores);
      td.colSpan = 12;
      tr.append(td);
      rows.push(tr);
    }
    for (const store of data.stores) {
      if (!store.terminals.length) {
        const tr = el("tr", "store-empty");
        const td = el("td", "empty", L.no_terminals);
        td.colSpan = 11;
        tr.append(el("td", null, `${store.code} ${store.name}`), td);
        rows.push(tr);
      }
      for (const t of store.terminals) rows.push(row(store, t));
    }
    body.replaceChildren(...rows);
    renderDayCloses(data);
    renderAnomalies(data);
    for (const [key, value] of Object.entries(data.totals)) {
      const node = document.querySelector(`[data-total="${key}"]`);
      if (node) {
        node.textContent = String(value);
        if (key === "flagged" || key === "quarantined" || key === "anomalies") {
          node.parentElement.classList.toggle("alert", value > 0);
        }
      }
    }
    const updated = document.getElementById("updated");
    updated.dateTime = data.server_time;
    updated.textContent = when(data.server_time);
  }

  async function refresh() {
    const error = document.getElementById("refresh-error");
    try {
      const response = await fetch("/api/v1/dashboard", {headers: {Accept: "application/json"}});
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json());
      error.hidden = true;
      document.body.dataset.refreshed = String(Date.now());
    } catch (err) {
      error.hidden = false;
    }
  }

  window.hqDashboardRefresh = refresh;
  refresh();  // times in the browser's local zone from the start
  setInterval(refresh, REFRESH_MS);
})();
