// The editor page /project/{id}: file tree, collaborative CodeMirror editor, compile, PDF preview,
// log and SyncTeX. Talks only to the public HTTP API and the collaboration socket.
import { Compartment, EditorState } from "@codemirror/state";
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
import { call, fetchText, problem, projectId } from "./api.js";
import { CollabSession, CollabSocket } from "./collab.js";
import { CompileControl } from "./compile.js";
import { ProjectIndex, latexCompletionSource } from "./complete.js";
import { FileTree } from "./filetree.js";
import { latexLanguage } from "./latex.js";
import { PdfPreview } from "./pdf.js";
import { initHistory } from "./history.js";
import { ChatPanel } from "./chat.js";

const $ = (id) => document.getElementById(id);

const state = {
  project: null,
  openPath: null,
  openDocId: null,
  session: null,
  view: null,
  pendingLine: null,
  buildId: null,
  me: null,
  watching: false, // the socket tells this page of the project's compiles
};

const canWrite = () => !!state.project && state.project.access !== "readOnly";
// whether the open editor takes typing; reconfigured when the server says the access changed
const editability = new Compartment();
const editable = (readOnly) => [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
const index = new ProjectIndex(fetchText);

// --- file tree -------------------------------------------------------------------------------

const tree = new FileTree(
  {
    list: $("file-tree"),
    pane: $("files"),
    message: $("tree-message"),
    uploads: $("uploads"),
    uploadInput: $("upload-input"),
  },
  {
    canWrite,
    open: (path) => openDoc(path),
    deleted: (path) => {
      if (state.openPath === path || (state.openPath || "").startsWith(path + "/")) closeDoc();
    },
    changed: (entities) => {
      index.setTree(entities);
      followOpenDoc(entities);
      renderRootChoice();
    },
  }
);

/** The open document may have been moved (new path, same document) or removed by anyone. */
function followOpenDoc(entities) {
  if (!state.openDocId) return;
  const entity = entities.find((e) => e.kind === "doc" && e.docId === state.openDocId);
  if (!entity) {
    const path = state.openPath;
    closeDoc();
    $("doc-title").textContent = "";
    tree.say(`${path} was deleted or replaced by a file that is not text.`, "error");
  } else if (entity.path !== state.openPath) {
    state.openPath = entity.path;
    $("doc-title").textContent = entity.path;
    tree.setOpen(entity.path);
  }
}

// --- documents -------------------------------------------------------------------------------

function openDoc(path, line) {
  const entity = tree.entity(path);
  if (!entity || entity.kind !== "doc") return;
  tree.selected = path;
  state.pendingLine = line || null;
  if (state.openDocId === entity.docId && state.view) {
    tree.render();
    if (line) gotoLine(line);
    return;
  }
  closeDoc();
  state.openPath = path;
  state.openDocId = entity.docId;
  $("doc-title").textContent = path;
  tree.setOpen(path);
  socket.send({ type: "join", projectId, docId: entity.docId });
}

function closeDoc() {
  if (state.session) state.session.close();
  if (state.view) state.view.destroy();
  if (state.openDocId) index.clearLive(state.openDocId);
  state.session = null;
  state.view = null;
  state.openPath = null;
  state.openDocId = null;
  tree.setOpen(null);
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
        autocompletion({ override: [latexCompletionSource(index)] }),
        EditorView.lineWrapping,
        latexLanguage,
        keymap.of([
          { key: "Mod-Enter", run: () => (compiler.compile(), true) },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          indentWithTab,
        ]),
        editability.of(editable(readOnly)),
        session.extensions(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) compiler.scheduleAuto();
        }),
      ],
    }),
  });
  state.view = view;
  index.setLive(message.docId, () => view.state.doc);
  window.quireEditor = { text: () => view.state.doc.toString(), view };
  if (state.pendingLine) gotoLine(state.pendingLine);
}

/** The owner changed this user's access (or took it away): the editor follows at once. */
function onAccessChanged(message) {
  if (message.projectId !== projectId || !state.project) return;
  if (!message.access) {
    closeDoc();
    state.project = { ...state.project, access: "readOnly" };
    $("readonly-banner").hidden = false;
    document.body.classList.add("read-only");
    setSaveState("error", message.message);
    return;
  }
  const readOnly = message.access === "readOnly";
  state.project = { ...state.project, access: message.access };
  $("readonly-banner").hidden = !readOnly;
  document.body.classList.toggle("read-only", readOnly);
  if (state.session) state.session.readOnly = readOnly;
  if (state.view) state.view.dispatch({ effects: editability.reconfigure(editable(readOnly)) });
  if (readOnly) setSaveState("error", message.message);
}

/** The server closed the socket because this account's session ended elsewhere. */
async function onSessionEnded(message) {
  setSaveState("error", message.message);
  const me = await call("GET", "/api/me");
  if (me.status === 401) {
    location.href = "/login?next=" + encodeURIComponent(location.pathname);
  }
  // still signed in (this very session goes on): the socket reconnects by itself
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
    status === "saving"
      ? "Saving…"
      : status === "saved"
        ? "All changes saved"
        : status === "offline"
          ? "Offline: your changes are kept and saved when the connection is back"
          : message || status;
}

// --- the socket ------------------------------------------------------------------------------

const chat = new ChatPanel(() => state.me);

const socket = new CollabSocket(
  (message) => {
    if (message.type === "compile.completed") compiler.heard(message);
    else if (message.type === "chat.message") chat.heard(message);
    else if (message.type === "watching") state.watching = true;
    else if (message.type === "joined") onJoined(message);
    else if (message.type === "accessChanged") onAccessChanged(message);
    else if (message.type === "sessionEnded") onSessionEnded(message);
    else if (state.session && message.docId === state.openDocId) state.session.handle(message);
    else if (message.type === "rejected" && (!message.docId || message.docId === state.openDocId)) {
      setSaveState("error", message.message); // e.g. the document to join is gone
    }
  },
  (status) => {
    $("connection").dataset.state = status;
    $("connection").textContent = status === "open" ? "" : "Reconnecting…";
    if (status === "closed") state.watching = false;
    if (status === "closed" && state.session) state.session.detach();
    if (status === "open") socket.send({ type: "watch", projectId });
    if (status === "open" && state.me) chat.reload();
    if (status === "open" && state.openDocId) {
      socket.send({ type: "join", projectId, docId: state.openDocId });
    }
  }
);

// --- compile, preview, log -------------------------------------------------------------------

const preview = new PdfPreview($("pdf"), syncFromPdf);
window.quirePreview = preview;
const compiler = new CompileControl(
  { compile: $("compile"), stop: $("stop"), status: $("compile-state"), auto: $("auto-compile") },
  compileOptions,
  showResult,
  { live: () => state.watching && socket.open, onOther: compiledElsewhere }
);
window.quireCompile = compiler;

function compileOptions() {
  const options = { compiler: $("compiler").value };
  if ($("root-file").value) options.rootPath = $("root-file").value;
  return options;
}

function renderRootChoice() {
  const select = $("root-file");
  const current = select.value || (state.project && state.project.rootPath);
  const roots = tree.entities.filter((e) => e.kind === "doc" && e.path.endsWith(".tex"));
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

/** The TeX image selector, shown when the server offers more than one image. */
async function initTexImages(project) {
  const select = $("tex-image");
  const offered = await call("GET", "/api/compile/images");
  if (!offered.ok || offered.data.images.length < 2) return;
  for (const image of offered.data.images) {
    const option = document.createElement("option");
    option.value = image;
    option.textContent = image === offered.data.defaultImage ? `${image} (default)` : image;
    select.append(option);
  }
  select.value = project.texImage;
  select.disabled = project.access === "readOnly";
  select.hidden = false;
  select.addEventListener("change", () => saveProjectSetting("texImage", select.value));
}

async function saveProjectSetting(field, value) {
  if (!state.project || state.project.access === "readOnly") return;
  const result = await call("PATCH", `/api/projects/${projectId}`, { [field]: value });
  if (result.ok) state.project = { ...state.project, ...result.data };
}

async function showResult(view) {
  state.buildId = view.buildId;
  $("compile-notice").hidden = true; // what it offered is older than this, or this itself
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

// --- others' compiles ------------------------------------------------------------------------

const OUTCOMES = {
  success: "success",
  failure: "failed with LaTeX errors",
  timedout: "timed out",
  "too-large": "output too large",
  error: "Quire could not compile",
};

/** A compile of this project that this page did not ask for: offered, never shown unasked. */
function compiledElsewhere(event) {
  if (event.status === "terminated" || (event.buildId && event.buildId === state.buildId)) return;
  const notice = $("compile-notice");
  const who =
    state.me && event.requestedBy === state.me.id
      ? "You (in another window)"
      : event.requestedByName || "A collaborator";
  notice.dataset.jobId = event.jobId;
  notice.dataset.buildId = event.buildId || "";
  $("compile-notice-text").textContent =
    `${who} compiled: ${OUTCOMES[event.status] || event.status}`;
  $("compile-notice-show").textContent =
    event.status === "success" ? "Show the new PDF" : "Show the log";
  $("compile-notice-show").disabled = false;
  notice.hidden = false;
}

async function showOthersCompile() {
  const notice = $("compile-notice");
  const button = $("compile-notice-show");
  button.disabled = true;
  const answer = await call("GET", `/api/projects/${projectId}/compile/${notice.dataset.jobId}`);
  if (!answer.ok) {
    $("compile-notice-text").textContent = problem(answer);
    return;
  }
  notice.hidden = true;
  await showResult(answer.data);
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
  state.me = await Quire.requireUser();
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
  await tree.load();
  const root = tree.entities.find((e) => e.path === project.data.rootPath && e.kind === "doc");
  const first = root || tree.entities.find((e) => e.kind === "doc");
  if (first) openDoc(first.path);
  index.refresh();
  setInterval(() => tree.load(), 10_000);
  initHistory(projectId, { onRestored: () => tree.load() });
  chat.reload();

  if (project.data.compiler) $("compiler").value = project.data.compiler;
  $("compiler").addEventListener("change", () =>
    saveProjectSetting("compiler", $("compiler").value)
  );
  $("root-file").addEventListener("change", () =>
    saveProjectSetting("rootPath", $("root-file").value)
  );
  initTexImages(project.data);
  const autoKey = `quire.autoCompile.${projectId}`;
  $("auto-compile").checked = localStorage.getItem(autoKey) === "true";
  $("auto-compile").addEventListener("change", () =>
    localStorage.setItem(autoKey, String($("auto-compile").checked))
  );
  $("zoom-in").addEventListener("click", () => preview.zoom(1.2));
  $("zoom-out").addEventListener("click", () => preview.zoom(1 / 1.2));
  $("show-in-pdf").addEventListener("click", showInPdf);
  $("compile-notice-show").addEventListener("click", showOthersCompile);
  $("compile-notice-close").addEventListener("click", () => ($("compile-notice").hidden = true));
  document.querySelectorAll("[data-file-action]").forEach((button) =>
    button.addEventListener("click", () => tree.action(button.dataset.fileAction))
  );
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      compiler.compile();
    }
  });
}

start();
