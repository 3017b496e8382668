// Compiling from the editor: submit without waiting, then follow the job (queued with its place in
// the queue, running with its time so far) until it ends; stop it; compile again by itself a
// moment after edits when auto-compile is on. The end of a compile comes as a compile.completed
// message on the collaboration socket; polling the job is only the safety net for a lost socket.
import { call, problem, projectId } from "./api.js";

const TERMINAL = new Set(["success", "failure", "timedout", "terminated", "too-large", "error"]);
const POLL_FALLBACK_MS = 2500; // while the socket tells us of compiles
const POLL_QUEUED_MS = 1000; // without it
const POLL_RUNNING_MS = 500;
const AUTO_COMPILE_DELAY_MS = 2000;
const UNREACHABLE_LIMIT = 20; // polls in a row without an answer before giving up
const REMEMBERED_EVENTS = 50;

const FAILED = {
  failure: "Failed: LaTeX errors",
  timedout: "Failed: timed out",
  "too-large": "Failed: output too large",
  error: "Failed: Quire could not compile; try again",
};

/** The compile and stop buttons and the status next to them. */
export class CompileControl {
  /**
   * elements: {compile, stop, status, auto}; options() gives the compiler and root document;
   * onResult(view) shows a finished compile; live() says whether compile.completed messages
   * arrive; onOther(event) hears of the project's compiles that this control did not ask for.
   */
  constructor(elements, options, onResult, { live, onOther }) {
    this.el = elements;
    this.options = options;
    this.onResult = onResult;
    this.live = live;
    this.onOther = onOther;
    this.pollMs = POLL_FALLBACK_MS;
    this.jobId = null;
    this.mine = new Set(); // the jobs this control followed
    this.ended = new Map(); // jobId -> compile.completed message, the latest few
    this.unsorted = []; // messages that came while our own job id was not known yet
    this.wake = null; // ends the current wait between polls
    this.events = 0; // compile.completed messages heard, shown as data-events for tests
    this.polls = 0; // asks for the current job that no message prompted, as data-polls
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

  /** A compile.completed message from the socket: ends our wait, or is somebody else's. */
  heard(event) {
    this.events++;
    this.el.status.dataset.events = String(this.events);
    this.ended.set(event.jobId, event);
    if (this.ended.size > REMEMBERED_EVENTS) this.ended.delete(this.ended.keys().next().value);
    // until the submit answers, it may be ours
    if (this.compiling && !this.jobId) this.unsorted.push(event);
    else this.sort(event);
  }

  sort(event) {
    if (!this.mine.has(event.jobId)) this.onOther(event);
    else if (event.jobId === this.jobId && this.wake) this.wake("event");
  }

  sortHeld() {
    const held = this.unsorted;
    this.unsorted = [];
    held.forEach((event) => this.sort(event));
  }

  follows(jobId) {
    this.jobId = jobId;
    this.mine.add(jobId);
    if (this.mine.size > REMEMBERED_EVENTS) this.mine.delete(this.mine.values().next().value);
  }

  async compile(extra = {}) {
    if (this.compiling) return;
    this.compiling = true;
    this.polls = 0;
    this.el.status.dataset.polls = "0";
    delete this.el.status.dataset.endedBy;
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
      this.follows(submitted.data.jobId);
      this.sortHeld();
      const view = await this.follow(submitted.data);
      // stopped before it made anything: the last PDF and log stay on screen
      const nothing = view && view.status === "terminated" && !(view.outputFiles || []).length;
      if (view && !nothing) await this.onResult(view);
    } finally {
      clearInterval(ticker);
      this.jobId = null;
      this.sortHeld();
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

  /**
   * Follows a job until it ends: asks for it when its compile.completed message comes, or when no
   * news came for a while. Answers its final view, or null when it could not be followed.
   */
  async follow(first) {
    let view = first;
    let unreachable = 0;
    let by = "submit";
    while (!TERMINAL.has(view.status)) {
      this.show(view);
      by = await this.news(view.status);
      if (by === "poll") this.el.status.dataset.polls = String(++this.polls);
      const answer = await call("GET", `/api/projects/${projectId}/compile/${this.jobId}`);
      if (answer.status === 0 && ++unreachable < UNREACHABLE_LIMIT) continue;
      if (!answer.ok) {
        this.show({ status: "error" }, problem(answer));
        return null;
      }
      unreachable = 0;
      view = answer.data;
      // a newer compile of ours replaced this one while it waited: follow that one
      if (view.supersededBy) this.follows(view.supersededBy);
    }
    this.el.status.dataset.endedBy = by;
    this.show(view);
    return view;
  }

  /**
   * Waits for a reason to ask for the job again: its compile.completed message ("event"), a stop
   * ("stop"), or time ("poll"; slow while the socket tells us of compiles).
   */
  news(status) {
    // it came before we knew our job id; used once, so a stale one cannot make us spin
    if (this.ended.delete(this.jobId)) return Promise.resolve("event");
    const wait = this.live()
      ? this.pollMs
      : status === "queued"
        ? POLL_QUEUED_MS
        : POLL_RUNNING_MS;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake("poll"), wait);
      this.wake = (why) => {
        clearTimeout(timer);
        this.wake = null;
        resolve(why);
      };
    });
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
    } else if (this.wake) {
      // one stopped in the queue says so at once, without a message from a worker
      this.wake("stop");
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
