// The queue dashboard: a live view of /api/admin/queues over server-sent events, a small canvas
// chart of the last minutes, and dead-letter actions. Rendered with textContent only.
(async () => {
  const { api, el, when } = Quire;
  const me = await Quire.requireUser();
  if (me.role !== "admin") {
    document.querySelector("main").replaceChildren(el("div", { className: "card" }, "Only administrators can see this page."));
    return;
  }
  const COLORS = ["#1d6b4f", "#2f6fdf", "#b26b00", "#8e44ad", "#0f8b8d"];
  const WAIT_COLOR = "#b42318";
  let points = [];
  let openDead = null;

  const $ = (id) => document.getElementById(id);
  const fmt = (n, digits = 0) => (n === null || n === undefined ? "–" : Number(n).toFixed(digits));
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    if (seconds < 1) return "0 s";
    if (seconds < 90) return `${Math.round(seconds)} s`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(1)} h`;
  }
  function numCell(value, digits, hotAbove) {
    const cell = el("td", { className: "num" }, fmt(value, digits));
    if (value === 0) cell.classList.add("zero");
    if (hotAbove !== undefined && value > hotAbove) cell.classList.add("hot");
    return cell;
  }
  function tile(id, text, level) {
    const node = $(id);
    node.textContent = text;
    node.parentElement.classList.toggle("warn", level === "warn");
    node.parentElement.classList.toggle("bad", level === "bad");
  }

  function render(s) {
    $("source").textContent =
      (s.source === "management" ? "Counts and rates from the RabbitMQ management API"
        : s.source === "amqp" ? "Counts from AMQP (set QUIRE_RABBITMQ_MANAGEMENT_URL for rates and unacknowledged counts)"
        : "No counts") + " · sampled " + new Date(s.sampledAt).toLocaleTimeString();
    $("problem").textContent = s.problem || "";

    const waiting = s.queues.reduce((sum, q) => sum + (q.ready || 0), 0);
    const dead = s.deadLetters.reduce((sum, d) => sum + (d.count || 0), 0);
    const busy = s.workers.reduce((sum, w) => sum + w.busySlots, 0);
    const slots = s.workers.reduce((sum, w) => sum + w.concurrency, 0);
    const oldest = Math.max(0, ...s.queues.map((q) => q.oldestAgeSeconds || 0));
    tile("tile-waiting", String(waiting), waiting > slots * 5 && waiting > 0 ? "warn" : null);
    tile("tile-running", `${busy} / ${slots}`, slots === 0 ? "bad" : null);
    tile("tile-wait", duration(oldest), oldest > 60 ? "warn" : null);
    tile("tile-dead", String(dead), dead > 0 ? "bad" : null);
    tile("tile-workers", String(s.workers.length), s.workers.length === 0 ? "bad" : null);

    $("queue-rows").replaceChildren(...s.queues.map((q) =>
      el("tr", {},
        el("td", {}, q.queue),
        numCell(q.ready, 0, slots),
        numCell(q.unacked),
        numCell(q.consumers),
        numCell(q.publishRate, 1),
        numCell(q.deliverRate, 1),
        el("td", { className: "num" }, q.ready ? duration(q.oldestAgeSeconds) : "–"))));

    $("dead-rows").replaceChildren(...s.deadLetters.map((d) =>
      el("tr", {},
        el("td", {}, d.queue),
        numCell(d.count, 0, 0),
        el("td", { className: "actions" },
          el("button", { type: "button", className: "secondary", onclick: () => showDead(d.queue) }, "Show"),
          d.count ? el("button", { type: "button", className: "secondary", onclick: () => requeueAll(d.queue) }, "Requeue all") : null,
          d.count ? el("button", { type: "button", className: "danger", onclick: () => purge(d.queue) }, "Purge…") : null))));

    $("worker-rows").replaceChildren(...(s.workers.length ? s.workers.map((w) =>
      el("tr", {},
        el("td", {}, el("div", { className: "mono" }, w.id), el("div", { className: "muted" }, w.host)),
        el("td", {}, w.pool, w.state === "draining" ? el("span", { className: "badge" }, " draining") : null),
        el("td", {},
          el("span", { className: "slots", title: `${w.busySlots} of ${w.concurrency} slots busy` },
            ...Array.from({ length: Math.min(w.concurrency, 32) }, (_, i) => el("i", { className: i < w.busySlots ? "busy" : "" }))),
          `${w.busySlots}/${w.concurrency}`),
        el("td", {}, w.jobs.length
          ? el("ul", { className: "jobs" }, ...w.jobs.map((j) =>
              el("li", {}, el("a", { href: `/project/${j.projectId}` }, j.projectId.substring(0, 8)),
                ` ${duration(j.runningMillis / 1000)} · ${j.queue.split(".").slice(-2).join(".")}`)))
          : el("span", { className: "muted" }, "idle")),
        el("td", { className: "muted" }, duration((Date.parse(s.sampledAt) - Date.parse(w.lastHeartbeat)) / 1000) + " ago")))
      : [el("tr", {}, el("td", { colSpan: 5, className: "empty" }, "No worker instance is sending heartbeats."))]));
  }

  function drawChart() {
    const canvas = $("chart");
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = 220;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const left = 40, right = 50, top = 10, bottom = 22;
    const plotW = width - left - right, plotH = height - top - bottom;
    const queues = [...new Set(points.flatMap((p) => Object.keys(p.depth)))];
    const end = points.length ? Date.parse(points[points.length - 1].at) : Date.now();
    const start = end - 10 * 60 * 1000;
    const maxDepth = Math.max(1, ...points.flatMap((p) => Object.values(p.depth)));
    const maxWait = Math.max(1, ...points.map((p) => p.waitSeconds));
    const x = (t) => left + ((t - start) / (end - start)) * plotW;
    g.font = "11px system-ui, sans-serif";
    g.strokeStyle = "#d9dee4";
    g.fillStyle = "#616e7c";
    for (let i = 0; i <= 4; i++) {
      const y = top + (plotH * i) / 4;
      g.beginPath(); g.moveTo(left, y); g.lineTo(left + plotW, y); g.stroke();
      g.textAlign = "right";
      g.fillText(String(Math.round(maxDepth * (1 - i / 4))), left - 6, y + 4);
      g.textAlign = "left";
      g.fillText(duration(maxWait * (1 - i / 4)), left + plotW + 6, y + 4);
    }
    g.textAlign = "center";
    for (let m = 10; m >= 0; m -= 2) {
      g.fillText(m ? `-${m} min` : "now", x(end - m * 60000), height - 6);
    }
    const line = (color, value, dashed) => {
      g.strokeStyle = color;
      g.lineWidth = 2;
      g.setLineDash(dashed ? [5, 4] : []);
      g.beginPath();
      let drawing = false;
      points.forEach((p) => {
        const v = value(p);
        if (v === undefined || v === null) { drawing = false; return; }
        const px = x(Date.parse(p.at)), py = top + plotH - v * plotH;
        if (drawing) g.lineTo(px, py); else g.moveTo(px, py);
        drawing = true;
      });
      g.stroke();
      g.setLineDash([]);
    };
    queues.forEach((q, i) => line(COLORS[i % COLORS.length], (p) => (p.depth[q] === undefined ? null : p.depth[q] / maxDepth)));
    line(WAIT_COLOR, (p) => p.waitSeconds / maxWait, true);
    $("legend").replaceChildren(
      ...queues.map((q, i) => el("span", { style: `--swatch:${COLORS[i % COLORS.length]}` }, `${q} waiting (left axis)`)),
      el("span", { style: `--swatch:${WAIT_COLOR}` }, "longest wait (right axis, dashed)"));
  }

  async function showDead(queue) {
    openDead = queue;
    const result = await api("GET", `/api/admin/queues/${queue}/dead-letters?limit=50`);
    $("dead-error").textContent = result.ok ? "" : result.data.detail;
    if (!result.ok) return;
    $("dead-detail").replaceChildren(
      el("h3", {}, `Dead letters of ${queue}`),
      result.data.length ? el("table", {},
        el("thead", {}, el("tr", {}, ...["Message", "Project", "Reason", "Died", "Payload", ""].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...result.data.map((d) =>
          el("tr", {},
            el("td", { className: "mono" }, d.messageId || "(no id)", el("div", { className: "muted" }, d.type || "")),
            el("td", {}, d.projectId || "–"),
            el("td", {}, d.reason || "–", d.deaths > 1 ? ` ×${d.deaths}` : ""),
            el("td", { className: "muted" }, when(d.diedAt)),
            el("td", {}, el("div", { className: "summary" }, d.summary)),
            el("td", { className: "actions" }, d.messageId
              ? el("button", { type: "button", className: "secondary", onclick: () => requeueOne(queue, d.messageId) }, "Requeue")
              : null)))))
        : el("p", { className: "muted" }, "None."));
  }

  async function afterAction(queue, result, message) {
    $("dead-error").textContent = result.ok ? "" : result.data.detail;
    if (result.ok && message) $("dead-detail").replaceChildren(el("div", { className: "notice" }, message(result.data)));
    loadAudit();
    if (openDead === queue && result.ok) setTimeout(() => showDead(queue), 1500);
  }
  async function requeueOne(queue, id) {
    const result = await api("POST", `/api/admin/queues/${queue}/dead-letters/${encodeURIComponent(id)}/requeue`);
    afterAction(queue, result, () => `Requeued ${id} to ${queue}.`);
  }
  async function requeueAll(queue) {
    if (!confirm(`Send every dead letter of ${queue} back to its queue?`)) return;
    const result = await api("POST", `/api/admin/queues/${queue}/dead-letters/requeue-all`);
    afterAction(queue, result, (d) => `Requeued ${d.requeued} message(s) to ${queue}.`);
  }
  async function purge(queue) {
    const typed = prompt(`Purging deletes the dead letters of ${queue} for good.\nType the queue name to confirm:`);
    if (typed === null) return;
    const result = await api("DELETE", `/api/admin/queues/${queue}/dead-letters?confirm=${encodeURIComponent(typed)}`);
    afterAction(queue, result, (d) => `Deleted ${d.purged} dead letter(s) of ${queue}.`);
  }

  async function loadAudit() {
    const result = await api("GET", "/api/admin/audit?limit=10");
    if (!result.ok) return;
    $("audit-rows").replaceChildren(...(result.data.length ? result.data.map((a) =>
      el("tr", {},
        el("td", { className: "muted" }, when(a.at)),
        el("td", {}, a.actorEmail),
        el("td", {}, a.action),
        el("td", {}, a.target),
        el("td", { className: "muted mono" }, JSON.stringify(a.details))))
      : [el("tr", {}, el("td", { className: "empty" }, "No action yet."))]));
  }

  const first = await api("GET", "/api/admin/queues");
  if (first.ok) render(first.data);
  const history = await api("GET", "/api/admin/queues/history");
  if (history.ok) points = history.data;
  drawChart();
  loadAudit();

  const live = $("live");
  const stream = new EventSource("/api/admin/queues/stream");
  stream.addEventListener("open", () => { live.textContent = "live"; live.className = "live on"; });
  stream.addEventListener("error", () => { live.textContent = "reconnecting…"; live.className = "live off"; });
  stream.addEventListener("history", (e) => { points = JSON.parse(e.data); drawChart(); });
  stream.addEventListener("sample", (e) => {
    const event = JSON.parse(e.data);
    render(event.snapshot);
    if (event.point) {
      points.push(event.point);
      const horizon = Date.parse(event.point.at) - 10 * 60 * 1000;
      points = points.filter((p) => Date.parse(p.at) >= horizon);
    }
    drawChart();
  });
  window.addEventListener("resize", drawChart);
})();
