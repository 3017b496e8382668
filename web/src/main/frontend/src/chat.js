// The chat panel of the editor page: the project's messages, newest at the bottom, older pages on
// demand, live over the collaboration socket (chat.message), and an unread count on its button.
// Messages are text: they are built from text nodes, and only http(s) URLs become links.
import { call, problem, projectId } from "./api.js";

const LINK = /\bhttps?:\/\/[^\s<>"']+/g;
const PAGE = 50;

/** Appends text to parent as text nodes, with its http(s) URLs as links; never as HTML. */
export function appendLinkified(parent, text) {
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, ""); // trailing punctuation stays text
    if (match.index > last) parent.append(document.createTextNode(text.slice(last, match.index)));
    const link = document.createElement("a");
    link.href = url;
    link.textContent = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    parent.append(link);
    last = match.index + url.length;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}

export class ChatPanel {
  /** me() gives the signed-in user ({id}), whose own messages never count as unread. */
  constructor(me) {
    const $ = (id) => document.getElementById(id);
    this.me = me;
    this.button = $("chat-open");
    this.badge = $("chat-unread");
    this.root = $("chat-panel");
    this.list = $("chat-messages");
    this.more = $("chat-more");
    this.error = $("chat-error");
    this.input = $("chat-input");
    this.ids = new Set();
    this.before = null;
    this.unread = 0;
    this.button.addEventListener("click", () => (this.root.hidden ? this.open() : this.close()));
    $("chat-close").addEventListener("click", () => this.close());
    this.more.addEventListener("click", () => this.loadOlder());
    $("chat-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.send();
      }
    });
  }

  /** Loads the newest page and the unread count, e.g. when the socket (re)connects. */
  async reload() {
    const page = await call("GET", `/api/projects/${projectId}/chat/messages?limit=${PAGE}`);
    if (!page.ok) return this.fail(page);
    this.list.replaceChildren();
    this.ids.clear();
    page.data.messages
      .slice()
      .reverse()
      .forEach((m) => this.list.append(this.item(m)));
    this.setBefore(page.data.nextBefore);
    this.scrollDown();
    if (!this.root.hidden) return this.markRead();
    const unread = await call("GET", `/api/projects/${projectId}/chat/unread`);
    if (unread.ok) this.setUnread(unread.data.unread);
  }

  async loadOlder() {
    if (!this.before) return;
    const page = await call(
      "GET",
      `/api/projects/${projectId}/chat/messages?limit=${PAGE}&before=${this.before}`
    );
    if (!page.ok) return this.fail(page);
    for (const m of page.data.messages) {
      if (!this.ids.has(m.id)) this.list.prepend(this.item(m));
    }
    this.setBefore(page.data.nextBefore);
  }

  /** A chat.message from the socket. */
  heard(message) {
    if (this.ids.has(message.id)) return;
    this.list.append(this.item(message));
    this.scrollDown();
    const mine = this.me() && message.userId === this.me().id;
    if (mine) return;
    if (this.root.hidden) this.setUnread(this.unread + 1);
    else this.markRead();
  }

  async send() {
    const text = this.input.value;
    if (!text.trim()) return;
    const posted = await call("POST", `/api/projects/${projectId}/chat/messages`, { text });
    if (!posted.ok) return this.fail(posted);
    this.error.hidden = true;
    this.input.value = "";
    this.heard(posted.data);
  }

  open() {
    this.root.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.scrollDown();
    this.input.focus();
    this.markRead();
  }

  close() {
    this.root.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
  }

  async markRead() {
    this.setUnread(0);
    await call("POST", `/api/projects/${projectId}/chat/read`);
  }

  item(m) {
    this.ids.add(m.id);
    const li = document.createElement("li");
    li.dataset.id = m.id;
    const head = document.createElement("div");
    head.className = "chat-head";
    const who = document.createElement("strong");
    who.textContent = m.userName || "Someone";
    const when = document.createElement("time");
    when.dateTime = m.created;
    when.textContent = new Date(m.created).toLocaleString();
    head.append(who, " ", when);
    const text = document.createElement("div");
    text.className = "chat-text";
    appendLinkified(text, m.text);
    li.append(head, text);
    return li;
  }

  setBefore(before) {
    this.before = before || null;
    this.more.hidden = !this.before;
  }

  setUnread(count) {
    this.unread = count;
    this.badge.textContent = count > 0 ? String(count) : "";
    this.badge.hidden = count === 0;
  }

  scrollDown() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  fail(result) {
    this.error.textContent = problem(result);
    this.error.hidden = false;
  }
}
