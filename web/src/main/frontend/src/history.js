// The history panel of the editor page: versions newest first (paged), who changed what and when,
// labels, the per-file diff between any two versions, restoring a file or the whole project, and
// version zips. Talks only to the public history API (docs/api.md).

import { call, problem } from "./api.js";

const PAGE_SIZE = 20;
const EXPORT_POLL_MS = 1000;
const EXPORT_WAIT_MS = 10 * 60 * 1000;

// --- DOM helpers -----------------------------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.substring(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function when(iso) {
  const date = new Date(iso);
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toLocaleString();
}

function changeText(change) {
  const counts =
    change.type === "binary" || (change.linesAdded === 0 && change.linesRemoved === 0)
      ? ""
      : ` +${change.linesAdded} −${change.linesRemoved}`;
  const verb = {
    added: "added",
    deleted: "deleted",
    renamed: `renamed from ${change.from}`,
    binary: "replaced",
    edited: "edited",
  }[change.type];
  return `${change.path} ${verb || change.type}${counts}`;
}

const stop = (event) => event.stopPropagation();

function stylesheet() {
  if (document.querySelector("link[data-history-css]")) return;
  document.head.append(
    el("link", { rel: "stylesheet", href: "/css/history.css", "data-history-css": true })
  );
}

// --- the panel -------------------------------------------------------------------------------

class HistoryPanel {
  constructor(projectId, onRestored) {
    this.projectId = projectId;
    this.onRestored = onRestored;
    this.versions = []; // loaded so far, newest first
    this.nextBefore = null;
    this.from = null; // version numbers compared; from 0 means "before the first version"
    this.to = null;
    this.path = null; // the file whose diff is shown
    this.files = []; // changed files between from and to
    this.build();
  }

  get api() {
    return `/api/projects/${this.projectId}/history`;
  }

  build() {
    stylesheet();
    this.status = el("span", { id: "history-status", className: "muted", "aria-live": "polite" });
    this.list = el("ol", { id: "history-versions", className: "history-versions" });
    this.more = el(
      "button",
      { id: "history-more", className: "secondary", hidden: true, onclick: () => this.loadMore() },
      "Load older versions"
    );
    this.compare = el("div", { id: "history-compare", className: "history-compare" });
    this.labelInput = el("input", {
      type: "text",
      id: "history-label-input",
      placeholder: "Label this version",
      maxlength: 500,
      "aria-label": "Label",
    });
    this.labelForm = el(
      "form",
      {
        id: "history-label-form",
        className: "history-label-form write-only",
        onsubmit: (event) => {
          event.preventDefault();
          this.addLabel();
        },
      },
      this.labelInput,
      el("button", { type: "submit", id: "history-label-add", className: "secondary" }, "Add label")
    );
    this.fileList = el("ul", { id: "history-files", className: "history-files" });
    this.diff = el("div", { id: "history-diff", className: "history-diff" });
    this.confirmText = el("p", { id: "history-confirm-text" });
    this.confirmOk = el("button", { id: "history-confirm-ok", className: "danger" }, "Restore");
    this.confirmDialog = el(
      "dialog",
      { id: "history-confirm", className: "history-confirm" },
      el("h2", {}, "Restore from history?"),
      this.confirmText,
      el(
        "div",
        { className: "history-confirm-actions" },
        el(
          "button",
          {
            id: "history-confirm-cancel",
            className: "secondary",
            onclick: () => this.confirmDialog.close("cancel"),
          },
          "Cancel"
        ),
        this.confirmOk
      )
    );
    this.root = el(
      "aside",
      {
        id: "history-panel",
        className: "history-panel",
        hidden: true,
        role: "dialog",
        "aria-label": "Project history",
      },
      el(
        "div",
        { className: "history-head" },
        el("strong", {}, "History"),
        this.status,
        el("span", { className: "spacer" }),
        el(
          "button",
          { id: "history-refresh", className: "secondary", onclick: () => this.reload() },
          "Refresh"
        ),
        el(
          "button",
          { id: "history-close", className: "secondary", onclick: () => this.close() },
          "Close"
        )
      ),
      el(
        "div",
        { className: "history-body" },
        el("div", { className: "history-list" }, this.list, this.more),
        el(
          "div",
          { className: "history-detail" },
          this.compare,
          this.labelForm,
          this.fileList,
          this.diff
        )
      ),
      this.confirmDialog
    );
    document.body.append(this.root);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.root.hidden && !this.confirmDialog.open) this.close();
    });
  }

  setStatus(text, isError) {
    this.status.textContent = text || "";
    this.status.classList.toggle("history-error", Boolean(isError));
  }

  open() {
    this.root.hidden = false;
    document.body.classList.add("history-open");
    this.reload();
  }

  close() {
    this.root.hidden = true;
    document.body.classList.remove("history-open");
  }

  // --- versions ----------------------------------------------------------------------------

  async reload() {
    this.versions = [];
    this.nextBefore = null;
    await this.loadMore(true);
  }

  async loadMore(first) {
    const query = new URLSearchParams({ limit: PAGE_SIZE });
    if (!first && this.nextBefore != null) query.set("before", this.nextBefore);
    this.setStatus("Loading…");
    const result = await call("GET", `${this.api}/versions?${query}`);
    if (!result.ok) {
      this.setStatus(problem(result), true);
      return;
    }
    this.versions.push(...result.data.versions);
    this.nextBefore = result.data.nextBefore;
    this.setStatus("");
    const newest = this.versions[0];
    const stillThere = (n) => n === 0 || this.versions.some((v) => v.number === n);
    if (first && (!newest || this.to == null || !stillThere(this.to) || !stillThere(this.from))) {
      this.to = newest ? newest.number : null;
      this.from = newest ? newest.number - 1 : null;
      this.path = null;
    }
    this.renderList();
    if (first) await this.showComparison();
  }

  renderList() {
    this.more.hidden = this.nextBefore == null;
    if (!this.versions.length) {
      this.list.replaceChildren(
        el("li", { className: "history-empty muted" }, "No versions yet: edits appear here shortly.")
      );
      return;
    }
    this.list.replaceChildren(...this.versions.map((version) => this.versionItem(version)));
  }

  versionItem(version) {
    const n = version.number;
    const selected = n === this.to || n === this.from;
    const changes = version.changes || [];
    const summary = changes.slice(0, 3).map(changeText);
    if (changes.length > 3) summary.push(`and ${changes.length - 3} more`);
    const radio = (role, checked) =>
      el("input", {
        type: "radio",
        name: `history-${role}`,
        className: `history-${role}`,
        title: role === "from" ? "Compare from this version" : "Compare to this version",
        "aria-label": `${role} version ${n}`,
        checked,
        onclick: (event) => {
          event.stopPropagation();
          this.select(role === "from" ? n : this.from, role === "to" ? n : this.to);
        },
      });
    return el(
      "li",
      {
        className: `history-version${selected ? " selected" : ""}`,
        dataset: { version: n },
        onclick: () => this.select(n - 1, n),
      },
      el(
        "div",
        { className: "history-version-head" },
        el("span", { className: "history-number" }, `v${n}`),
        el(
          "span",
          { className: "history-authors" },
          (version.authors || []).map((a) => a.name).join(", ") || "unknown"
        ),
        el(
          "span",
          { className: "history-when muted", title: new Date(version.endedAt).toLocaleString() },
          when(version.endedAt)
        ),
        el(
          "span",
          { className: "history-pick" },
          // a click on a label must not also select the whole version
          el("label", { onclick: stop }, radio("from", n === this.from), "from"),
          el("label", { onclick: stop }, radio("to", n === this.to), "to")
        )
      ),
      el(
        "div",
        { className: "history-summary muted" },
        summary.length ? summary.join(", ") : "no file changes"
      ),
      (version.labels || []).length
        ? el(
            "div",
            { className: "history-labels" },
            version.labels.map((label) =>
              el(
                "span",
                { className: "history-label", dataset: { labelId: label.id } },
                label.comment,
                el(
                  "button",
                  {
                    className: "history-label-delete link write-only",
                    title: "Delete this label",
                    "aria-label": `Delete label ${label.comment}`,
                    onclick: (event) => {
                      event.stopPropagation();
                      this.deleteLabel(label);
                    },
                  },
                  "×"
                )
              )
            )
          )
        : null
    );
  }

  async select(from, to) {
    if (from == null || to == null) return;
    this.from = Math.max(0, from);
    this.to = to;
    this.path = null;
    this.renderList();
    await this.showComparison();
  }

  // --- comparison and diff -----------------------------------------------------------------

  async showComparison() {
    this.diff.replaceChildren();
    if (this.to == null) {
      this.compare.replaceChildren();
      this.fileList.replaceChildren();
      this.labelForm.hidden = true;
      return;
    }
    this.labelForm.hidden = false;
    this.labelInput.placeholder = `Label version ${this.to}`;
    this.compare.replaceChildren(
      el(
        "span",
        { className: "history-range" },
        this.from > 0 ? `Changes from v${this.from} to v${this.to}` : `v${this.to} as first saved`
      ),
      el("span", { className: "spacer" }),
      el(
        "button",
        {
          id: "history-download",
          className: "secondary",
          onclick: () => this.download(this.to),
        },
        `Download v${this.to}`
      ),
      el(
        "button",
        {
          id: "history-restore-project",
          className: "danger write-only",
          onclick: () => this.restoreProject(this.to),
        },
        `Restore project to v${this.to}`
      )
    );
    const query = new URLSearchParams({ from: this.from, to: this.to });
    const result = await call("GET", `${this.api}/diff?${query}`);
    if (!result.ok) {
      this.fileList.replaceChildren(el("li", { className: "history-error" }, problem(result)));
      return;
    }
    this.files = result.data.files || [];
    this.renderFiles();
    if (this.files.length === 1) await this.showFile(this.files[0].path);
  }

  renderFiles() {
    if (!this.files.length) {
      this.fileList.replaceChildren(
        el("li", { className: "muted" }, "No file differs between these versions.")
      );
      return;
    }
    this.fileList.replaceChildren(
      ...this.files.map((change) =>
        el(
          "li",
          {
            className: `history-file history-${change.type}${
              change.path === this.path ? " selected" : ""
            }`,
            dataset: { path: change.path },
            onclick: () => this.showFile(change.path),
          },
          changeText(change)
        )
      )
    );
  }

  async showFile(path) {
    this.path = path;
    this.renderFiles();
    const query = new URLSearchParams({ from: this.from, to: this.to, path });
    const result = await call("GET", `${this.api}/diff?${query}`);
    if (this.path !== path) return; // another file was picked meanwhile
    if (!result.ok) {
      this.diff.replaceChildren(el("p", { className: "history-error" }, problem(result)));
      return;
    }
    const diff = result.data;
    const inTo = diff.status !== "deleted";
    const head = el(
      "div",
      { className: "history-diff-head" },
      el("strong", { className: "history-diff-path" }, diff.path),
      diff.fromPath ? el("span", { className: "muted" }, ` (was ${diff.fromPath})`) : null,
      el(
        "span",
        { className: "history-diff-counts" },
        diff.binary ? "binary file" : `+${diff.linesAdded} −${diff.linesRemoved}`
      ),
      el("span", { className: "spacer" }),
      inTo
        ? el(
            "button",
            {
              id: "history-restore-file",
              className: "danger write-only",
              onclick: () => this.restoreFile(diff.path, this.to),
            },
            `Restore this file as in v${this.to}`
          )
        : el("span", { className: "muted" }, `not in v${this.to}`)
    );
    if (diff.binary) {
      this.diff.replaceChildren(
        head,
        el("p", { className: "muted" }, "Binary content differs; no line diff.")
      );
      return;
    }
    const rows = [];
    for (const hunk of diff.hunks) {
      rows.push(
        el(
          "tr",
          { className: "diff-hunk" },
          el("td", { colspan: 3 }, `@@ −${hunk.oldStart} +${hunk.newStart} @@`)
        )
      );
      for (const line of hunk.lines) {
        rows.push(
          el(
            "tr",
            { className: `diff-line diff-${line.type}` },
            el("td", { className: "diff-old" }, line.oldLine || ""),
            el("td", { className: "diff-new" }, line.newLine || ""),
            el(
              "td",
              { className: "diff-text" },
              (line.type === "added" ? "+ " : line.type === "removed" ? "− " : "  ") + line.text
            )
          )
        );
      }
    }
    this.diff.replaceChildren(
      head,
      rows.length
        ? el("table", { className: "diff-table" }, el("tbody", {}, rows))
        : el("p", { className: "muted" }, "No line differs.")
    );
  }

  // --- labels ------------------------------------------------------------------------------

  async addLabel() {
    const comment = this.labelInput.value.trim();
    if (!comment || this.to == null) return;
    const result = await call("POST", `${this.api}/labels`, { version: this.to, comment });
    if (!result.ok) {
      this.setStatus(problem(result), true);
      return;
    }
    this.labelInput.value = "";
    const version = this.versions.find((v) => v.number === this.to);
    if (version) version.labels = [...(version.labels || []), result.data];
    this.setStatus(`Labelled v${this.to}`);
    this.renderList();
  }

  async deleteLabel(label) {
    const result = await call("DELETE", `${this.api}/labels/${encodeURIComponent(label.id)}`);
    if (!result.ok && result.status !== 404) {
      this.setStatus(problem(result), true);
      return;
    }
    for (const version of this.versions) {
      version.labels = (version.labels || []).filter((l) => l.id !== label.id);
    }
    this.setStatus(`Deleted the label “${label.comment}”`);
    this.renderList();
  }

  // --- restore -----------------------------------------------------------------------------

  confirm(text, action) {
    this.confirmText.textContent = text;
    this.confirmOk.textContent = action;
    return new Promise((resolve) => {
      const done = () => {
        this.confirmDialog.removeEventListener("close", done);
        resolve(this.confirmDialog.returnValue === "ok");
      };
      this.confirmOk.onclick = () => this.confirmDialog.close("ok");
      this.confirmDialog.returnValue = "";
      this.confirmDialog.addEventListener("close", done);
      this.confirmDialog.showModal();
    });
  }

  async restoreFile(path, version) {
    const ok = await this.confirm(
      `Replace the current ${path} with its content in version ${version}? ` +
        "The restore is an ordinary edit: collaborators see it at once and history keeps both.",
      `Restore ${path}`
    );
    if (ok) await this.restore({ version, path }, `Restored ${path} as in v${version}`);
  }

  async restoreProject(version) {
    const ok = await this.confirm(
      `Bring the whole project back to version ${version}? Files changed since are replaced, ` +
        "files added since are deleted. History keeps the current state as a version.",
      `Restore project to v${version}`
    );
    if (ok) await this.restore({ version }, `Restored the project to v${version}`);
  }

  async restore(body, message) {
    this.setStatus("Restoring…");
    const result = await call("POST", `${this.api}/restore`, body);
    if (!result.ok) {
      this.setStatus(problem(result), true);
      return;
    }
    this.setStatus(message);
    if (this.onRestored) await this.onRestored(result.data);
    // the restore becomes a version once history has taken it in
    setTimeout(() => {
      if (!this.root.hidden) this.reload();
    }, 5000);
  }

  // --- zip ---------------------------------------------------------------------------------

  async download(version) {
    this.setStatus(`Preparing the zip of v${version}…`);
    let result = await call("POST", `${this.api}/versions/${version}/zip`, {});
    const started = Date.now();
    while (result.ok && result.data.status !== "ready" && result.data.status !== "failed") {
      if (Date.now() - started > EXPORT_WAIT_MS) {
        this.setStatus("The zip takes too long; try again later.", true);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, EXPORT_POLL_MS));
      result = await call("GET", result.data.statusUrl);
    }
    if (!result.ok) {
      this.setStatus(problem(result), true);
      return;
    }
    if (result.data.status === "failed") {
      this.setStatus(result.data.error || "The zip could not be built.", true);
      return;
    }
    this.setStatus(`The zip of v${version} is ready`);
    const link = el("a", { href: result.data.downloadUrl, download: "", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  }
}

/**
 * Wires the "History" button of the editor page to the panel, created on first use.
 *
 * @param projectId the project of the page
 * @param onRestored called after a restore succeeded (e.g. to reload the file tree)
 */
export function initHistory(projectId, { onRestored } = {}) {
  const button = document.getElementById("history-open");
  if (!button) return null;
  let panel = null;
  button.addEventListener("click", () => {
    if (!panel) panel = new HistoryPanel(projectId, onRestored);
    if (panel.root.hidden) panel.open();
    else panel.close();
  });
  return () => panel;
}
