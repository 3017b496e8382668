// The editor page /project/{id}: file tree, collaborative CodeMirror editor, compile, PDF preview,
// log and SyncTeX. Talks only to the public HTTP API and the collaboration socket.
import { EditorState } from "@codemirror/state";
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { CollabSession, CollabSocket } from "./collab.js";
import { citeKeysIn, labelsIn, latexCompletions, latexLanguage } from "./latex.js";
import { PdfPreview } from "./pdf.js";
import { initHistory } from "./history.js";

const TERMINAL = new Set(["success", "failure", "timedout", "terminated", "too-large", "error"]);
const projectId = location.pathname.split("/").filter(Boolean)[1];
const $ = (id) => document.getElementById(id);

const state = {
  project: null,
  entities: [],
  selected: null, // path selected in the tree
  openPath: null,
  openDocId: null,
  session: null,
  view: null,
  pendingLine: null,
  buildId: null,
  labels: new Map(), // path -> labels
  citeKeys: new Map(), // path -> keys
};

// --- HTTP ------------------------------------------------------------------------------------

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.substring(name.length + 1)) : null;
}

async function call(method, path, body, raw) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    if (!cookie("XSRF-TOKEN")) await fetch("/api/auth/csrf", { credentials: "same-origin" });
    headers["X-XSRF-TOKEN"] = cookie("XSRF-TOKEN") || "";
  }
  const init = { method, headers, credentials: "same-origin" };
  if (raw !== undefined) {
    headers["Content-Type"] = "application/octet-stream";
    init.body = raw;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  return { ok: response.ok, status: response.status, data };
}

const filePath = (path) =>
  `/api/projects/${projectId}/files/${path.split("/").map(encodeURIComponent).join("/")}`;

function problem(result) {
  return (result.data && result.data.detail) || `The request failed (${result.status}).`;
}

// --- file tree -------------------------------------------------------------------------------

async function loadTree() {
  const tree = await call("GET", `/api/projects/${projectId}/tree`);
  if (!tree.ok) return;
  state.entities = tree.data.entities.slice().sort((a, b) => a.path.localeCompare(b.path));
  renderTree();
  renderRootChoice();
}

function renderTree() {
  const list = $("file-tree");
  list.replaceChildren(
    ...state.entities.map((entity) => {
      const depth = entity.path.split("/").length - 1;
      const item = document.createElement("li");
      item.className = `tree-${entity.kind}`;
      item.dataset.path = entity.path;
      item.style.paddingLeft = `${0.5 + depth}em`;
      item.textContent = entity.path.split("/").pop() + (entity.kind === "folder" ? "/" : "");
      if (entity.path === state.selected) item.classList.add("selected");
      if (entity.path === state.openPath) item.classList.add("open");
      item.addEventListener("click", () => {
        state.selected = entity.path;
        if (entity.kind === "doc") openDoc(entity.path);
        else renderTree();
      });
      return item;
    })
  );
}

function targetFolder() {
  const selected = state.entities.find((e) => e.path === state.selected);
  if (!selected) return "";
  if (selected.kind === "folder") return selected.path + "/";
  const slash = selected.path.lastIndexOf("/");
  return slash < 0 ? "" : selected.path.substring(0, slash + 1);
}

async function fileAction(action) {
  let result;
  if (action === "new-file") {
    const name = prompt("New file name", targetFolder() + "untitled.tex");
    if (!name) return;
    result = await call("PUT", filePath(name), undefined, "");
    if (result.ok) state.selected = name;
  } else if (action === "new-folder") {
    const name = prompt("New folder name", targetFolder() + "folder");
    if (!name) return;
    result = await call("POST", `/api/projects/${projectId}/folders`, { path: name });
  } else if (action === "rename") {
    if (!state.selected) return;
    const to = prompt("Rename or move to", state.selected);
    if (!to || to === state.selected) return;
    result = await call("POST", `/api/projects/${projectId}/move`, { from: state.selected, to });
    if (result.ok) {
      if (state.openPath === state.selected) state.openPath = to;
      state.selected = to;
    }
  } else if (action === "delete") {
    if (!state.selected || !confirm(`Delete ${state.selected}?`)) return;
    result = await call("DELETE", filePath(state.selected));
    if (result.ok && state.openPath === state.selected) closeDoc();
  }
  if (result && !result.ok) alert(problem(result));
  await loadTree();
  if (action === "new-file" && result && result.ok) openDoc(state.selected);
}

// --- documents -------------------------------------------------------------------------------

function openDoc(path, line) {
  const entity = state.entities.find((e) => e.path === path && e.kind === "doc");
  if (!entity) return;
  state.selected = path;
  state.pendingLine = line || null;
  if (state.openDocId === entity.docId && state.view) {
    renderTree();
    if (line) gotoLine(line);
    return;
  }
  closeDoc();
  state.openPath = path;
  state.openDocId = entity.docId;
  $("doc-title").textContent = path;
  renderTree();
  socket.send({ type: "join", projectId, docId: entity.docId });
}

function closeDoc() {
  if (state.session) state.session.close();
  if (state.view) state.view.destroy();
  state.session = null;
  state.view = null;
  state.openPath = null;
  state.openDocId = null;
}

function onJoined(message) {
  if (message.docId !== state.openDocId) return;
  if (state.session) {
    state.session.resync(); // a reconnect: keep the local state and catch up
    return;
  }
  const readOnly = message.access === "readOnly";
  $("readonly-banner").hidden = !readOnly;
  document.body.classList.toggle("read-only", readOnly);
  const session = new CollabSession(socket, projectId, message.docId, message, setSaveState);
  state.session = session;
  const view = new EditorView({
    parent: $("editor"),
    state: EditorState.create({
      doc: message.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        bracketMatching(),
        closeBrackets(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        autocompletion({ override: [latexCompletions(allLabels, allCiteKeys)] }),
        EditorView.lineWrapping,
        latexLanguage,
        keymap.of([
          { key: "Mod-Enter", run: () => (compile(), true) },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          indentWithTab,
        ]),
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
        session.extensions(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) scheduleAutoCompile();
        }),
      ],
    }),
  });
  state.view = view;
  window.quireEditor = { text: () => view.state.doc.toString(), view };
  if (state.pendingLine) gotoLine(state.pendingLine);
}

function gotoLine(lineNumber) {
  const view = state.view;
  if (!view) {
    state.pendingLine = lineNumber;
    return;
  }
  const line = view.state.doc.line(Math.max(1, Math.min(lineNumber, view.state.doc.lines)));
  view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
  view.focus();
  state.pendingLine = null;
}

function setSaveState(status, message) {
  const element = $("save-state");
  element.dataset.state = status;
  element.textContent =
    status === "saving" ? "Saving…" : status === "saved" ? "All changes saved" : message || status;
}

function allLabels() {
  const own = state.view ? labelsIn(state.view.state.doc.toString()) : [];
  return [...new Set([...own, ...[...state.labels.values()].flat()])];
}

function allCiteKeys() {
  return [...new Set([...state.citeKeys.values()].flat())];
}

async function indexProject() {
  for (const entity of state.entities) {
    if (entity.kind !== "doc") continue;
    const isBib = entity.path.endsWith(".bib");
    if (!isBib && !entity.path.endsWith(".tex")) continue;
    const result = await call("GET", filePath(entity.path));
    if (!result.ok || typeof result.data !== "string") continue;
    if (isBib) state.citeKeys.set(entity.path, citeKeysIn(result.data));
    else state.labels.set(entity.path, labelsIn(result.data));
  }
}

// --- the socket ------------------------------------------------------------------------------

const socket = new CollabSocket(
  (message) => {
    if (message.type === "joined") onJoined(message);
    else if (state.session && message.docId === state.openDocId) state.session.handle(message);
    else if (message.type === "rejected" && !message.docId) setSaveState("error", message.message);
  },
  (status) => {
    $("connection").dataset.state = status;
    $("connection").textContent = status === "open" ? "" : "Reconnecting…";
    if (status === "open" && state.openDocId) {
      socket.send({ type: "join", projectId, docId: state.openDocId });
    }
  }
);

// --- compile, preview, log -------------------------------------------------------------------

const preview = new PdfPreview($("pdf"), syncFromPdf);
window.quirePreview = preview;
const AUTO_COMPILE_DELAY_MS = 2000;
let compiling = false;
let compileAgain = false; // an auto-compile asked for while one ran
let autoTimer = null;

function scheduleAutoCompile() {
  if (!$("auto-compile").checked) return;
  clearTimeout(autoTimer);
  autoTimer = setTimeout(() => {
    if (compiling) compileAgain = true;
    else compile({ priority: "background" });
  }, AUTO_COMPILE_DELAY_MS);
}

function compileOptions() {
  const options = { compiler: $("compiler").value };
  if ($("root-file").value) options.rootPath = $("root-file").value;
  return options;
}

async function stopCompile() {
  $("stop").disabled = true;
  const result = await call("POST", `/api/projects/${projectId}/compile/stop`, {});
  if (!result.ok) setSaveState("error", problem(result));
}

function renderRootChoice() {
  const select = $("root-file");
  const current = select.value || (state.project && state.project.rootPath);
  const roots = state.entities.filter((e) => e.kind === "doc" && e.path.endsWith(".tex"));
  select.replaceChildren(
    ...roots.map((e) => {
      const option = document.createElement("option");
      option.value = e.path;
      option.textContent = e.path;
      return option;
    })
  );
  if (roots.some((e) => e.path === current)) select.value = current;
}

async function saveProjectSetting(field, value) {
  if (!state.project || state.project.access === "readOnly") return;
  const result = await call("PATCH", `/api/projects/${projectId}`, { [field]: value });
  if (result.ok) state.project = { ...state.project, ...result.data };
}

function showCompileState(view, startedAt) {
  const element = $("compile-state");
  element.dataset.status = view.status;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  element.textContent =
    view.status === "queued"
      ? `Queued${view.queuePosition != null ? ` (position ${view.queuePosition})` : ""}`
      : view.status === "running" || view.status === "compiling"
        ? `Compiling… ${seconds} s`
        : view.status === "success"
          ? `Done${view.cached ? " (cached)" : ""}`
          : view.status === "terminated"
            ? "Stopped"
            : `Failed: ${view.status}`;
}

async function compile(extra = {}) {
  if (compiling) return;
  compiling = true;
  $("compile").disabled = true;
  $("stop").hidden = false;
  $("stop").disabled = false;
  const startedAt = Date.now();
  showCompileState({ status: "compiling" }, startedAt);
  const ticker = setInterval(() => {
    if ($("compile-state").dataset.status === "compiling") {
      showCompileState({ status: "compiling" }, startedAt);
    }
  }, 500);
  try {
    let result = await call("POST", `/api/projects/${projectId}/compile`, {
      ...compileOptions(),
      ...extra,
      wait: true,
    });
    if (!result.ok) {
      $("compile-state").dataset.status = "error";
      $("compile-state").textContent = problem(result);
      return;
    }
    let view = result.data;
    while (!TERMINAL.has(view.status)) {
      showCompileState(view, startedAt);
      await new Promise((resolve) => setTimeout(resolve, 700));
      result = await call("GET", `/api/projects/${projectId}/compile/${view.jobId}`);
      if (!result.ok) break;
      view = result.data;
    }
    showCompileState(view, startedAt);
    await showResult(view);
  } finally {
    clearInterval(ticker);
    compiling = false;
    $("compile").disabled = false;
    $("stop").hidden = true;
    if (compileAgain) {
      compileAgain = false;
      compile({ priority: "background" });
    }
  }
}

async function showResult(view) {
  state.buildId = view.buildId;
  const files = view.outputFiles || [];
  const pdf = files.find((f) => f.name === "output.pdf");
  const log = files.find((f) => f.name === "output.log");
  $("download").hidden = !pdf;
  if (pdf) $("download").href = pdf.url;
  $("raw-log").hidden = !log;
  if (log) $("raw-log").href = log.url;
  renderLog(view.errors || [], view.warnings || []);
  if (pdf) {
    const pages = await preview.show(pdf.url);
    $("page-count").textContent = `${pages} ${pages === 1 ? "page" : "pages"}`;
  }
}

function renderLog(errors, warnings) {
  const entries = [
    ...errors.map((e) => ({ ...e, level: "error" })),
    ...warnings.map((w) => ({ ...w, level: "warning" })),
  ];
  $("log-summary").textContent = `${errors.length} errors, ${warnings.length} warnings`;
  $("log-entries").replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement("li");
      item.className = `log-${entry.level}`;
      const where = document.createElement("span");
      where.className = "log-where";
      where.textContent = entry.file ? `${entry.file}${entry.line ? ":" + entry.line : ""}` : "";
      const text = document.createElement("span");
      text.className = "log-message";
      text.textContent = entry.message;
      item.append(where, text);
      if (entry.file) {
        item.classList.add("clickable");
        item.addEventListener("click", () => openDoc(entry.file, entry.line || 1));
      }
      return item;
    })
  );
}

// --- SyncTeX ---------------------------------------------------------------------------------

async function syncFromPdf(page, h, v) {
  const query = new URLSearchParams({ page, h: h.toFixed(2), v: v.toFixed(2) });
  if (state.buildId) query.set("buildId", state.buildId);
  const result = await call("GET", `/api/projects/${projectId}/synctex/pdf?${query}`);
  if (!result.ok) {
    setSaveState("error", problem(result));
    return;
  }
  openDoc(result.data.file, result.data.line);
}

async function showInPdf() {
  if (!state.view || !state.openPath) return;
  const head = state.view.state.selection.main.head;
  const line = state.view.state.doc.lineAt(head);
  const query = new URLSearchParams({
    file: state.openPath,
    line: line.number,
    column: head - line.from,
  });
  if (state.buildId) query.set("buildId", state.buildId);
  const result = await call("GET", `/api/projects/${projectId}/synctex/code?${query}`);
  if (!result.ok) {
    setSaveState("error", problem(result));
    return;
  }
  if (result.data.boxes && result.data.boxes.length) preview.highlight(result.data.boxes[0]);
}

// --- start -----------------------------------------------------------------------------------

async function start() {
  await Quire.requireUser();
  const project = await call("GET", `/api/projects/${projectId}`);
  if (!project.ok) {
    $("doc-title").textContent = problem(project);
    return;
  }
  state.project = project.data;
  document.title = `${project.data.name} · Quire`;
  $("project-name").textContent = project.data.name;
  const readOnly = project.data.access === "readOnly";
  $("readonly-banner").hidden = !readOnly;
  document.body.classList.toggle("read-only", readOnly);
  await loadTree();
  const root = state.entities.find((e) => e.path === project.data.rootPath && e.kind === "doc");
  const first = root || state.entities.find((e) => e.kind === "doc");
  if (first) openDoc(first.path);
  indexProject();
  setInterval(loadTree, 10_000);
  setInterval(indexProject, 30_000);
  initHistory(projectId, { onRestored: loadTree });

  $("compile").addEventListener("click", () => compile());
  $("stop").addEventListener("click", stopCompile);
  if (project.data.compiler) $("compiler").value = project.data.compiler;
  $("compiler").addEventListener("change", () =>
    saveProjectSetting("compiler", $("compiler").value)
  );
  $("root-file").addEventListener("change", () =>
    saveProjectSetting("rootPath", $("root-file").value)
  );
  const autoKey = `quire.autoCompile.${projectId}`;
  $("auto-compile").checked = localStorage.getItem(autoKey) === "true";
  $("auto-compile").addEventListener("change", () =>
    localStorage.setItem(autoKey, String($("auto-compile").checked))
  );
  $("zoom-in").addEventListener("click", () => preview.zoom(1.2));
  $("zoom-out").addEventListener("click", () => preview.zoom(1 / 1.2));
  $("show-in-pdf").addEventListener("click", showInPdf);
  document.querySelectorAll("[data-file-action]").forEach((button) =>
    button.addEventListener("click", () => fileAction(button.dataset.fileAction))
  );
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      compile();
    }
  });
}

start();
