// The collaboration socket and the CodeMirror side of the @codemirror/collab authority model.
// One socket per page; it joins one document at a time. The server orders updates; a push based
// on an old version is refused ("pull and rebase"), and the client pulls, rebases and pushes again.
import { ChangeSet, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, WidgetType } from "@codemirror/view";
import { collab, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";

const PRESENCE_TTL_MS = 60_000;
const HEARTBEAT_MS = 20_000;
const MAX_RECONNECT_DELAY_MS = 8_000;

/**
 * A socket that reconnects with backoff (and some jitter, so the editors of a restarted server do
 * not all come back at the same instant) and tells its listener when it is (re)open.
 */
export class CollabSocket {
  constructor(onMessage, onState) {
    this.onMessage = onMessage;
    this.onState = onState;
    this.delay = 500;
    this.closedByUs = false;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.ws = new WebSocket(`${scheme}//${location.host}/ws/collab`);
    this.ws.onopen = () => {
      this.delay = 500;
      this.onState("open");
    };
    this.ws.onmessage = (event) => this.onMessage(JSON.parse(event.data));
    this.ws.onclose = () => {
      this.onState("closed");
      if (!this.closedByUs) {
        setTimeout(() => this.connect(), this.delay * (0.75 + Math.random() / 2));
        this.delay = Math.min(this.delay * 2, MAX_RECONNECT_DELAY_MS);
      }
    };
  }

  get open() {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  send(message) {
    if (this.open) this.ws.send(JSON.stringify(message));
  }
}

// --- remote cursors -------------------------------------------------------------------------

const setPresence = StateEffect.define();
const dropPresence = StateEffect.define();

class CursorWidget extends WidgetType {
  constructor(name, colour) {
    super();
    this.name = name;
    this.colour = colour;
  }
  eq(other) {
    return other.name === this.name && other.colour === this.colour;
  }
  toDOM() {
    const caret = document.createElement("span");
    caret.className = "remote-cursor";
    caret.style.borderLeftColor = this.colour;
    const label = document.createElement("span");
    label.className = "remote-cursor-name";
    label.style.backgroundColor = this.colour;
    label.textContent = this.name;
    caret.append(label);
    return caret;
  }
  ignoreEvent() {
    return true;
  }
}

/** Other editors' cursors and selections, mapped through every change. */
const presenceField = StateField.define({
  create: () => new Map(),
  update(cursors, tr) {
    let next = cursors;
    if (!tr.changes.empty && cursors.size) {
      next = new Map();
      const length = tr.newDoc.length;
      for (const [id, c] of cursors) {
        next.set(id, {
          ...c,
          anchor: Math.min(tr.changes.mapPos(c.anchor, 1), length),
          head: Math.min(tr.changes.mapPos(c.head, 1), length),
        });
      }
    }
    for (const effect of tr.effects) {
      if (effect.is(setPresence)) {
        next = new Map(next);
        const p = effect.value;
        const length = tr.newDoc.length;
        next.set(p.connectionId, {
          ...p,
          anchor: Math.min(p.anchor, length),
          head: Math.min(p.head, length),
          seen: Date.now(),
        });
      } else if (effect.is(dropPresence)) {
        next = new Map(next);
        effect.value.forEach((id) => next.delete(id));
      }
    }
    return next;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (cursors) => {
      const ranges = [];
      for (const c of cursors.values()) {
        const from = Math.min(c.anchor, c.head);
        const to = Math.max(c.anchor, c.head);
        if (from < to) {
          ranges.push(
            Decoration.mark({
              attributes: { style: `background-color: ${c.colour}33` },
              class: "remote-selection",
            }).range(from, to)
          );
        }
        ranges.push(
          Decoration.widget({ widget: new CursorWidget(c.name, c.colour), side: 1 }).range(c.head)
        );
      }
      return Decoration.set(ranges, true);
    }),
});

// --- one open document ----------------------------------------------------------------------

/**
 * Connects an editor to a joined document: pushes local updates one batch at a time, takes the
 * server's updates, rebases on refusals, and shares the cursor.
 */
export class CollabSession {
  constructor(socket, projectId, docId, joined, onStatus) {
    this.socket = socket;
    this.projectId = projectId;
    this.docId = docId;
    this.startVersion = joined.version;
    this.readOnly = joined.access === "readOnly";
    this.initialPresence = joined.presence || [];
    this.onStatus = onStatus;
    this.pushing = false;
    this.joined = true; // false from a lost connection until the document is joined again
    this.view = null;
    this.heartbeat = setInterval(() => {
      this.sendPresence();
      this.expirePresence();
    }, HEARTBEAT_MS);
  }

  extensions() {
    const session = this;
    return [
      collab({ startVersion: this.startVersion, clientID: cryptoId() }),
      presenceField,
      ViewPlugin.fromClass(
        class {
          constructor(view) {
            session.view = view;
            if (session.initialPresence.length) {
              queueMicrotask(() =>
                view.dispatch({ effects: session.initialPresence.map((p) => setPresence.of(p)) })
              );
            }
          }
          update(update) {
            if (update.docChanged) session.push();
            if (update.selectionSet || update.docChanged) session.presenceSoon();
          }
        }
      ),
    ];
  }

  /** Sends what is not confirmed yet, unless a push is already on its way. */
  push() {
    if (!this.view || this.pushing || this.readOnly) return;
    const updates = sendableUpdates(this.view.state);
    if (!updates.length) return;
    if (!this.joined || !this.socket.open) {
      // kept in the editor's state; resync() sends them once the document is joined again
      this.onStatus("offline");
      return;
    }
    this.pushing = true;
    this.onStatus("saving");
    this.socket.send({
      type: "push",
      docId: this.docId,
      version: getSyncedVersion(this.view.state),
      updates: updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })),
    });
  }

  pull() {
    if (!this.view) return;
    this.socket.send({ type: "pull", docId: this.docId, version: getSyncedVersion(this.view.state) });
  }

  /** A server message about this document. */
  handle(message) {
    if (!this.view) return;
    switch (message.type) {
      case "updates": {
        const synced = getSyncedVersion(this.view.state);
        const fresh = message.updates.filter((u) => u.version > synced);
        if (fresh.length && fresh[0].version !== synced + 1) {
          this.pull();
          break;
        }
        let expected = synced + 1;
        const usable = [];
        for (const u of fresh) {
          if (u.version !== expected) break;
          usable.push({ changes: ChangeSet.fromJSON(u.changes), clientID: u.clientID });
          expected++;
        }
        if (usable.length) this.view.dispatch(receiveUpdates(this.view.state, usable));
        if (!sendableUpdates(this.view.state).length) this.onStatus("saved");
        // also when there was nothing new, e.g. the answer to the pull after a reconnect: what
        // was typed meanwhile is based on the current version now
        this.push();
        break;
      }
      case "pushed":
        this.pushing = false;
        if (!sendableUpdates(this.view.state).length) this.onStatus("saved");
        this.push();
        break;
      case "rejected":
        this.pushing = false;
        if (message.reason === "rebase") this.pull();
        else this.onStatus("error", message.message);
        break;
      case "presence":
        this.view.dispatch({ effects: setPresence.of(message) });
        break;
      case "presenceLeft":
        this.view.dispatch({ effects: dropPresence.of([message.connectionId]) });
        break;
      default:
    }
  }

  /** The connection is gone: nothing sent before counts as on its way any more. */
  detach() {
    this.joined = false;
    this.pushing = false;
    if (this.view && sendableUpdates(this.view.state).length) this.onStatus("offline");
  }

  /** After a reconnect: catch up from our version, then send what was typed meanwhile. */
  resync() {
    this.joined = true;
    this.pushing = false;
    this.pull();
    this.sendPresence();
  }

  presenceSoon() {
    clearTimeout(this.presenceTimer);
    this.presenceTimer = setTimeout(() => this.sendPresence(), 50);
  }

  sendPresence() {
    if (!this.view) return;
    const { anchor, head } = this.view.state.selection.main;
    this.socket.send({ type: "presence", docId: this.docId, anchor, head });
  }

  expirePresence() {
    if (!this.view) return;
    const now = Date.now();
    const stale = [...this.view.state.field(presenceField).values()]
      .filter((c) => now - c.seen > PRESENCE_TTL_MS)
      .map((c) => c.connectionId);
    if (stale.length) this.view.dispatch({ effects: dropPresence.of(stale) });
  }

  close() {
    clearInterval(this.heartbeat);
    clearTimeout(this.presenceTimer);
    this.socket.send({ type: "leave", docId: this.docId });
    this.view = null;
  }
}

function cryptoId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
