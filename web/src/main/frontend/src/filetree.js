// The project's file tree: selecting and opening files, creating, renaming and deleting them,
// moving files and folders by dragging them onto a folder, and uploading files dropped from the
// desktop (or chosen with the Upload button) into the folder they land on.
import { call, filePath, problem, projectId } from "./api.js";
import { Uploads } from "./uploads.js";

const TREE_TYPE = "application/x-quire-path";
const INFO_MS = 6000;

export const parentOf = (path) => {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.substring(0, slash);
};
const baseName = (path) => path.substring(path.lastIndexOf("/") + 1);
const inside = (path, folder) => path === folder || path.startsWith(folder + "/");

export class FileTree {
  /**
   * elements: {list, pane, message, uploads, uploadInput}; hooks: canWrite(), open(path),
   * changed(entities) after every load, deleted(path).
   */
  constructor(elements, hooks) {
    this.el = elements;
    this.hooks = hooks;
    this.entities = [];
    this.treeVersion = -1;
    this.maxUploadBytes = 0;
    this.selected = null;
    this.openPath = null;
    this.dragging = null;
    this.uploads = new Uploads(elements.uploads, {
      maxBytes: () => this.maxUploadBytes,
      existing: (path) => this.entity(path)?.kind,
      uploaded: () => this.loadSoon(),
    });
    this.wireDragAndDrop();
    elements.uploadInput.addEventListener("change", () => {
      this.uploads.add([...elements.uploadInput.files], this.targetFolder());
      elements.uploadInput.value = "";
    });
  }

  entity(path) {
    return this.entities.find((e) => e.path === path);
  }

  /** Reads the tree again; answers whether it could. */
  async load() {
    const tree = await call("GET", `/api/projects/${projectId}/tree`);
    // an answer overtaken by a newer one (a periodic load and one after a change, say)
    if (!tree.ok || tree.data.treeVersion < this.treeVersion) return false;
    this.maxUploadBytes = tree.data.maxUploadBytes || 0;
    this.treeVersion = tree.data.treeVersion;
    this.entities = tree.data.entities.slice().sort((a, b) => a.path.localeCompare(b.path));
    if (this.selected && !this.entity(this.selected)) this.selected = null;
    this.render();
    this.hooks.changed(this.entities);
    return true;
  }

  /** Several changes in a row (a batch of uploads) read the tree once. */
  loadSoon() {
    clearTimeout(this.loadTimer);
    this.loadTimer = setTimeout(() => this.load(), 150);
  }

  render() {
    const writable = this.hooks.canWrite();
    this.el.list.replaceChildren(
      ...this.entities.map((entity) => {
        const depth = entity.path.split("/").length - 1;
        const item = document.createElement("li");
        item.className = `tree-${entity.kind}`;
        item.dataset.path = entity.path;
        item.dataset.kind = entity.kind;
        item.style.paddingLeft = `${0.5 + depth}em`;
        item.textContent = baseName(entity.path) + (entity.kind === "folder" ? "/" : "");
        item.draggable = writable;
        if (entity.path === this.selected) item.classList.add("selected");
        if (entity.path === this.openPath) item.classList.add("open");
        item.addEventListener("click", () => {
          this.selected = entity.path;
          if (entity.kind === "doc") this.hooks.open(entity.path);
          else this.render();
        });
        return item;
      })
    );
  }

  select(path) {
    this.selected = path;
    this.render();
  }

  setOpen(path) {
    this.openPath = path;
    this.render();
  }

  /** The folder new files go to: the selected folder, or the selected file's folder. */
  targetFolder() {
    const selected = this.entity(this.selected);
    if (!selected) return "";
    return selected.kind === "folder" ? selected.path : parentOf(selected.path);
  }

  /** A message above the tree: errors stay until the next one, news goes away by itself. */
  say(text, kind = "info") {
    const message = this.el.message;
    clearTimeout(this.sayTimer);
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = !text;
    message.setAttribute("role", kind === "error" ? "alert" : "status");
    if (kind !== "error" && text) this.sayTimer = setTimeout(() => this.say(""), INFO_MS);
  }

  async action(action) {
    const folder = this.targetFolder();
    const prefix = folder ? folder + "/" : "";
    let result;
    if (action === "upload") {
      this.el.uploadInput.click();
      return;
    } else if (action === "new-file") {
      const name = prompt("New file name", prefix + "untitled.tex");
      if (!name) return;
      result = await call("PUT", filePath(name), undefined, "");
      if (result.ok) this.selected = name;
    } else if (action === "new-folder") {
      const name = prompt("New folder name", prefix + "folder");
      if (!name) return;
      result = await call("POST", `/api/projects/${projectId}/folders`, { path: name });
    } else if (action === "rename") {
      if (!this.selected) return;
      const to = prompt("Rename or move to", this.selected);
      if (!to || to === this.selected) return;
      await this.move(this.selected, to);
      return;
    } else if (action === "delete") {
      const path = this.selected;
      if (!path || !confirm(`Delete ${path}?`)) return;
      result = await call("DELETE", filePath(path));
      if (result.ok) this.hooks.deleted(path);
    }
    if (result && !result.ok) this.say(problem(result), "error");
    else this.say("");
    await this.load();
    if (action === "new-file" && result && result.ok) this.hooks.open(this.selected);
  }

  /** Renames or moves a file or folder; answers whether it moved. */
  async move(from, to) {
    const result = await call("POST", `/api/projects/${projectId}/move`, { from, to });
    if (result.ok) {
      if (this.selected && inside(this.selected, from)) {
        this.selected = to + this.selected.substring(from.length);
      }
      this.say(`Moved ${from} to ${to}.`);
    } else {
      this.say(`Could not move ${from}: ${problem(result)}`, "error");
    }
    await this.load();
    return result.ok;
  }

  // --- drag and drop ---------------------------------------------------------------------------

  /** The folder a drag is over: a folder itself, a file's folder, or the top for empty space. */
  dropFolder(event) {
    const item = event.target.closest ? event.target.closest("li[data-path]") : null;
    if (!item || !this.el.list.contains(item)) return "";
    return item.dataset.kind === "folder" ? item.dataset.path : parentOf(item.dataset.path);
  }

  highlight(folder) {
    this.el.pane.querySelectorAll(".drop-target").forEach((e) => e.classList.remove("drop-target"));
    if (folder === null) return;
    const target = folder
      ? this.el.list.querySelector(`li[data-path="${CSS.escape(folder)}"]`)
      : this.el.list;
    if (target) target.classList.add("drop-target");
  }

  /** What a drag carries that the tree takes: "move" (a tree entry), "upload" (files), or null. */
  dragKind(event) {
    const types = [...(event.dataTransfer ? event.dataTransfer.types : [])];
    if (types.includes(TREE_TYPE)) return "move";
    if (types.includes("Files")) return "upload";
    return null;
  }

  wireDragAndDrop() {
    const { list, pane } = this.el;
    list.addEventListener("dragstart", (event) => {
      const item = event.target.closest ? event.target.closest("li[data-path]") : null;
      if (!item || !this.hooks.canWrite()) {
        event.preventDefault();
        return;
      }
      this.dragging = item.dataset.path;
      event.dataTransfer.setData(TREE_TYPE, item.dataset.path);
      event.dataTransfer.setData("text/plain", item.dataset.path);
      event.dataTransfer.effectAllowed = "move";
    });
    list.addEventListener("dragend", () => {
      this.dragging = null;
      this.highlight(null);
    });
    pane.addEventListener("dragover", (event) => {
      const kind = this.dragKind(event);
      if (!kind || !this.hooks.canWrite()) return;
      const folder = this.dropFolder(event);
      if (kind === "move" && this.dragging && inside(folder, this.dragging)) {
        event.dataTransfer.dropEffect = "none";
        this.highlight(null);
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = kind === "move" ? "move" : "copy";
      this.highlight(folder);
    });
    pane.addEventListener("dragleave", (event) => {
      if (!event.relatedTarget || !pane.contains(event.relatedTarget)) this.highlight(null);
    });
    pane.addEventListener("drop", (event) => {
      const kind = this.dragKind(event);
      if (!kind) return;
      event.preventDefault();
      this.highlight(null);
      const folder = this.dropFolder(event);
      if (kind === "move") {
        const from = event.dataTransfer.getData(TREE_TYPE);
        this.dragging = null;
        this.dropMove(from, folder);
      } else {
        this.dropFiles(event.dataTransfer, folder);
      }
    });
  }

  dropMove(from, folder) {
    if (!from) return;
    if (inside(folder, from)) {
      this.say(`Cannot move ${from} into itself.`, "error");
      return;
    }
    if (parentOf(from) === folder) return; // dropped where it already is
    this.move(from, (folder ? folder + "/" : "") + baseName(from));
  }

  dropFiles(dataTransfer, folder) {
    const files = [];
    const items = dataTransfer.items ? [...dataTransfer.items] : [];
    const folders = [];
    items.forEach((item) => {
      const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
      if (entry && entry.isDirectory) folders.push(entry.name);
    });
    for (const file of dataTransfer.files) {
      if (!folders.includes(file.name)) files.push(file);
    }
    if (folders.length) {
      this.say(
        `Folders cannot be uploaded by dropping them (${folders.join(", ")}); ` +
          "create the folder and drop its files into it.",
        "error"
      );
    }
    if (files.length) this.uploads.add(files, folder);
  }
}
