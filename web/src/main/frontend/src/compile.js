// Compiling from the editor: submit without waiting, then follow the job (queued with its place in
// the queue, running with its time so far) until it ends; stop it; compile again by itself a
// moment after edits when auto-compile is on.
import { call, problem, projectId } from "./api.js";

const TERMINAL = new Set(["success", "failure", "timedout", "terminated", "too-large", "error"]);
const POLL_QUEUED_MS = 1000;
const POLL_RUNNING_MS = 500;
const AUTO_COMPILE_DELAY_MS = 2000;
const UNREACHABLE_LIMIT = 20; // polls in a row without an answer before giving up

const FAILED = {
  failure: "Failed: LaTeX errors",
  timedout: "Failed: timed out",
  "too-large": "Failed: output too large",
  error: "Failed: Quire could not compile; try again",
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The compile and stop buttons and the status next to them. */
export class CompileControl {
  /**
   * elements: {compile, stop, status, auto}; options() gives the compiler and root document;
   * onResult(view) shows a finished compile.
   */
  constructor(elements, options, onResult) {
    this.el = elements;
    this.options = options;
    this.onResult = onResult;
    this.jobId = null;
    this.compiling = false;
    this.stopping = false;
    this.again = false; // an auto-compile asked for while one ran
    this.autoTimer = null;
    this.view = null;
    this.seenAt = 0; // when this.view arrived, to count its elapsed time on
    this.el.compile.addEventListener("click", () => this.compile());
    this.el.stop.addEventListener("click", () => this.stop());
  }

  /** After an edit: compiles in the background a moment later, if auto-compile is on. */
  scheduleAuto() {
    if (!this.el.auto.checked) return;
    clearTimeout(this.autoTimer);
    this.autoTimer = setTimeout(() => {
      if (this.compiling) this.again = true;
      else this.compile({ priority: "background" });
    }, AUTO_COMPILE_DELAY_MS);
  }

  async compile(extra = {}) {
    if (this.compiling) return;
    this.compiling = true;
    this.el.compile.disabled = true;
    this.el.stop.hidden = false;
    this.el.stop.disabled = false;
    this.show({ status: "submitting" });
    const ticker = setInterval(() => this.tick(), 250);
    try {
      const submitted = await call("POST", `/api/projects/${projectId}/compile`, {
        ...this.options(),
        ...extra,
        wait: false,
      });
      if (!submitted.ok) {
        this.show({ status: "error" }, problem(submitted));
        return;
      }
      const view = await this.follow(submitted.data);
      // stopped before it made anything: the last PDF and log stay on screen
      const nothing = view && view.status === "terminated" && !(view.outputFiles || []).length;
      if (view && !nothing) await this.onResult(view);
    } finally {
      clearInterval(ticker);
      this.jobId = null;
      this.stopping = false;
      this.compiling = false;
      this.el.compile.disabled = false;
      this.el.stop.hidden = true;
      if (this.again) {
        this.again = false;
        this.compile({ priority: "background" });
      }
    }
  }

  /** Polls a job until it ends; answers its final view, or null when it could not be followed. */
  async follow(first) {
    let view = first;
    let unreachable = 0;
    this.jobId = view.jobId;
    while (!TERMINAL.has(view.status)) {
      this.show(view);
      await sleep(view.status === "queued" ? POLL_QUEUED_MS : POLL_RUNNING_MS);
      const answer = await call("GET", `/api/projects/${projectId}/compile/${this.jobId}`);
      if (answer.status === 0 && ++unreachable < UNREACHABLE_LIMIT) continue;
      if (!answer.ok) {
        this.show({ status: "error" }, problem(answer));
        return null;
      }
      unreachable = 0;
      view = answer.data;
      // a newer compile of ours replaced this one while it waited: follow that one
      if (view.supersededBy) this.jobId = view.supersededBy;
    }
    this.show(view);
    return view;
  }

  async stop() {
    this.el.stop.disabled = true;
    this.stopping = true;
    this.el.status.textContent = "Stopping…";
    const body = this.jobId ? { jobId: this.jobId } : {};
    const result = await call("POST", `/api/projects/${projectId}/compile/stop`, body);
    if (!result.ok) {
      this.el.stop.disabled = false;
      this.stopping = false;
      this.el.status.textContent = problem(result);
    }
  }

  /** Keeps the running time current between polls. */
  tick() {
    if (this.view && this.view.status === "running") this.show(this.view, null, true);
  }

  show(view, message, ticking) {
    const status = this.el.status;
    if (!ticking) {
      this.view = view;
      this.seenAt = Date.now();
    }
    status.dataset.status = view.status;
    if (message) {
      status.textContent = message;
      return;
    }
    switch (view.status) {
      case "submitting":
        status.textContent = "Starting…";
        break;
      case "queued":
        status.dataset.position = view.queuePosition == null ? "" : String(view.queuePosition);
        status.textContent =
          view.queuePosition != null ? `Queued: position ${view.queuePosition}` : "Queued";
        break;
      case "running": {
        const seconds = Math.floor(((view.elapsedMs || 0) + Date.now() - this.seenAt) / 1000);
        status.dataset.elapsed = String(seconds);
        status.textContent = `${this.stopping ? "Stopping" : "Compiling"}… ${seconds} s`;
        break;
      }
      case "success":
        status.textContent =
          (view.cached ? "Done (unchanged)" : `Done${duration(view)}`) +
          (view.preambleCached ? " · preamble cached" : "");
        break;
      case "terminated":
        status.textContent = "Stopped";
        break;
      default:
        status.textContent = FAILED[view.status] || `Failed: ${view.status}`;
    }
  }
}

function duration(view) {
  const ms = view.timings && view.timings.totalMs;
  return ms == null ? "" : ` in ${(ms / 1000).toFixed(1)} s`;
}
