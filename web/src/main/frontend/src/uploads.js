// Uploads of files from the desktop into the project, each with its own row: a progress bar fed
// by the browser's upload progress events, then "uploaded" or why not. One file failing (too
// large, a bad name, a clash) never stops the others. A file that would replace an existing one
// waits for the user to say so.
import { csrfHeader, projectId } from "./api.js";

const PARALLEL = 3;
const BAD_NAME = /[\x00-\x1f/\\]/;

export function describeSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${bytes} bytes`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Uploads {
  /**
   * list: the <ul> of rows; hooks: maxBytes() the server's limit, existing(path) the kind of
   * what the path holds now (or undefined), uploaded(path) after each success.
   */
  constructor(list, hooks) {
    this.list = list;
    this.hooks = hooks;
    this.queue = [];
    this.active = 0;
  }

  /** Starts uploading files into a folder ("" for the top of the project). */
  add(files, folder) {
    // rows of an earlier batch that went well make room; failures stay until dismissed
    this.list
      .querySelectorAll("li.upload[data-state=done], li.upload[data-state=skipped]")
      .forEach((row) => row.remove());
    for (const file of files) {
      const path = (folder ? folder + "/" : "") + file.name;
      const row = this.row(file, path);
      this.list.append(row.item);
      const refusal = this.check(file);
      if (refusal) {
        this.finish(row, "error", refusal);
      } else if (["doc", "file"].includes(this.hooks.existing(path))) {
        this.confirm(row, file, folder);
      } else {
        this.enqueue(row, file, folder);
      }
    }
    this.list.hidden = !this.list.children.length;
  }

  check(file) {
    if (!file.name || file.name === "." || file.name === ".." || BAD_NAME.test(file.name)) {
      return `"${file.name}" is not a name a project file can have.`;
    }
    const max = this.hooks.maxBytes();
    if (max && file.size > max) {
      return `Too large: ${describeSize(file.size)}; the upload limit is ${describeSize(max)}.`;
    }
    return null;
  }

  row(file, path) {
    const item = element("li", "upload");
    item.dataset.path = path;
    const name = element("span", "upload-name", path);
    const bar = element("progress", "upload-bar");
    bar.max = 100;
    bar.value = 0;
    const message = element("span", "upload-message", "Waiting…");
    const dismiss = element("button", "upload-dismiss secondary", "×");
    dismiss.title = "Dismiss";
    dismiss.addEventListener("click", () => {
      item.remove();
      this.list.hidden = !this.list.children.length;
    });
    item.append(name, dismiss, bar, message);
    item.dataset.state = "waiting";
    return { item, bar, message, dismiss };
  }

  confirm(row, file, folder) {
    row.item.dataset.state = "confirm";
    row.message.textContent = "Replace the existing file? ";
    const replace = element("button", "upload-replace", "Replace");
    const skip = element("button", "upload-skip secondary", "Skip");
    replace.addEventListener("click", () => {
      replace.remove();
      skip.remove();
      this.enqueue(row, file, folder);
    });
    skip.addEventListener("click", () => this.finish(row, "skipped", "Skipped."));
    row.message.append(replace, " ", skip);
  }

  enqueue(row, file, folder) {
    row.item.dataset.state = "waiting";
    row.message.textContent = "Waiting…";
    this.queue.push({ row, file, folder });
    this.next();
  }

  next() {
    while (this.active < PARALLEL && this.queue.length) {
      const job = this.queue.shift();
      this.active++;
      this.send(job).finally(() => {
        this.active--;
        this.next();
      });
    }
  }

  async send({ row, file, folder }) {
    row.item.dataset.state = "uploading";
    row.message.textContent = "Uploading…";
    let headers;
    try {
      headers = await csrfHeader();
    } catch (e) {
      this.finish(row, "error", "The server cannot be reached right now; try again in a moment.");
      return;
    }
    const form = new FormData();
    form.append("file", file, file.name);
    if (folder) form.append("folder", folder);
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/projects/${projectId}/upload`);
      Object.entries(headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (event) => {
        if (!event.lengthComputable) return;
        row.bar.value = Math.round((event.loaded / event.total) * 100);
        row.item.dataset.sent = String(event.loaded);
        row.message.textContent = `${describeSize(event.loaded)} of ${describeSize(event.total)}`;
      });
      xhr.addEventListener("load", () => {
        let body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (e) {
          // not JSON: a proxy's page; the status says enough
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          row.bar.value = 100;
          this.finish(row, "done", body && body.created === false ? "Replaced." : "Uploaded.");
          this.hooks.uploaded(body ? body.path : row.item.dataset.path);
        } else if (xhr.status === 413) {
          this.finish(row, "error", (body && body.detail) || "Too large for this server.");
        } else {
          this.finish(row, "error", (body && body.detail) || `Failed (${xhr.status}).`);
        }
        resolve();
      });
      xhr.addEventListener("error", () => {
        this.finish(
          row,
          "error",
          "The connection failed during the upload (the file may exceed what the server accepts)."
        );
        resolve();
      });
      xhr.addEventListener("abort", () => {
        this.finish(row, "error", "Cancelled.");
        resolve();
      });
      xhr.send(form);
    });
  }

  finish(row, state, message) {
    row.item.dataset.state = state;
    row.message.textContent = message;
    if (state === "error") row.item.setAttribute("role", "alert");
  }
}
