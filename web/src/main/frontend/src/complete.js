// Completion for LaTeX: commands and environments (built in and defined by the project), \ref and
// friends from the labels of every document of the project, \cite and friends from its .bib
// files, and file names after \input, \includegraphics and \bibliography.
//
// The index holds what each document defines. The open document is read live from the editor;
// the others are fetched once and then asked again with If-None-Match whenever a completion needs
// them and the last look is a few seconds old, so edits by others show up at the next completion
// at the price of one 304 per document.
import { snippet, snippetCompletion } from "@codemirror/autocomplete";
import {
  COMMANDS,
  ENVIRONMENTS,
  bibEntriesIn,
  definitionsIn,
  environmentBody,
  labelsIn,
  openEnvironments,
  shortAuthors,
} from "./latex.js";

const FRESH_MS = 5000;
const MAX_WAIT_MS = 1500;
const PARALLEL_FETCHES = 6;
const INDEXED = /\.(tex|ltx|sty|cls|bib)$/i;
const IMAGES = /\.(png|jpe?g|pdf|eps|svg)$/i;

function factsOf(path, text) {
  if (/\.bib$/i.test(path)) return { bib: bibEntriesIn(text), labels: [], definitions: null };
  return { bib: [], labels: labelsIn(text), definitions: definitionsIn(text) };
}

/** What the project's documents define: labels, bibliography entries, commands. */
export class ProjectIndex {
  /** fetchText(path, etag) resolves to {status, text, etag} (see api.js). */
  constructor(fetchText) {
    this.fetchText = fetchText;
    this.docs = new Map(); // docId -> {path, etag, facts}
    this.paths = [];
    this.live = null; // {docId, text(): Text}
    this.liveCache = { doc: null, facts: null };
    this.refreshedAt = 0;
    this.running = null;
  }

  /** Follows the tree: new documents get fetched, moved ones keep what is known of them. */
  setTree(entities) {
    this.paths = entities.filter((e) => e.kind !== "folder").map((e) => e.path);
    const wanted = new Map(
      entities.filter((e) => e.kind === "doc" && INDEXED.test(e.path)).map((e) => [e.docId, e])
    );
    for (const id of [...this.docs.keys()]) if (!wanted.has(id)) this.docs.delete(id);
    for (const [id, entity] of wanted) {
      const known = this.docs.get(id);
      if (known) known.path = entity.path;
      else this.docs.set(id, { path: entity.path, etag: null, facts: null });
    }
  }

  /** The document being edited: read from the editor, not from the server. */
  setLive(docId, text) {
    this.live = { docId, text };
  }

  /** The editor closed a document: keep what it had until the next fetch. */
  clearLive(docId) {
    if (!this.live || this.live.docId !== docId) return;
    const doc = this.docs.get(docId);
    if (doc) {
      doc.facts = factsOf(doc.path, this.live.text().toString());
      doc.etag = null; // what the server has may differ from what we last saw; ask again
    }
    this.live = null;
  }

  /** Fetches what changed since the last look; one refresh at a time. */
  refresh() {
    if (!this.running) {
      this.running = this.fetchChanged().finally(() => {
        this.refreshedAt = Date.now();
        this.running = null;
      });
    }
    return this.running;
  }

  async fetchChanged() {
    const queue = [...this.docs.entries()].filter(([id]) => !this.live || this.live.docId !== id);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [id, doc] = next;
        const answer = await this.fetchText(doc.path, doc.etag);
        if (answer.status !== 200 || this.docs.get(id) !== doc) continue;
        doc.etag = answer.etag;
        doc.facts = factsOf(doc.path, answer.text);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_FETCHES }, worker));
  }

  /** Refreshes when the last look is old, waiting a little for it but never long. */
  async fresh() {
    if (Date.now() - this.refreshedAt < FRESH_MS) return;
    await Promise.race([this.refresh(), new Promise((r) => setTimeout(r, MAX_WAIT_MS))]);
  }

  /** Waits only for the first look; later ones happen in the background. */
  async loaded() {
    if (!this.refreshedAt) await this.fresh();
    else if (Date.now() - this.refreshedAt >= FRESH_MS) this.refresh();
  }

  *allFacts() {
    for (const [id, doc] of this.docs) {
      if (this.live && this.live.docId === id) {
        const text = this.live.text();
        if (this.liveCache.doc !== text) {
          this.liveCache = { doc: text, facts: factsOf(doc.path, text.toString()) };
        }
        yield { path: doc.path, facts: this.liveCache.facts };
      } else if (doc.facts) {
        yield { path: doc.path, facts: doc.facts };
      }
    }
  }

  labels() {
    const seen = new Map();
    for (const { path, facts } of this.allFacts()) {
      for (const label of facts.labels) {
        if (!seen.has(label.name)) seen.set(label.name, { ...label, path });
      }
    }
    return [...seen.values()];
  }

  bibEntries() {
    const seen = new Map();
    for (const { path, facts } of this.allFacts()) {
      for (const entry of facts.bib) if (!seen.has(entry.key)) seen.set(entry.key, { ...entry, path });
    }
    return [...seen.values()];
  }

  definitions() {
    const commands = new Map();
    const environments = new Map();
    for (const { path, facts } of this.allFacts()) {
      if (!facts.definitions) continue;
      facts.definitions.commands.forEach((c) => commands.set(c.name, { ...c, path }));
      facts.definitions.environments.forEach((e) => environments.set(e, path));
    }
    return { commands, environments };
  }
}

// --- the completion source -------------------------------------------------------------------

const KEY_COMMAND = /\\([a-zA-Z]*ref|[a-zA-Z]*[cC]ite[a-zA-Z]*)\*?(?:\[[^\]]*\]){0,2}\{([^{}]*)$/;
const FILE_COMMAND =
  /\\(input|include|subfile|includegraphics|bibliography|addbibresource)(?:\[[^\]]*\])?\{([^{}]*)$/;
const KEY_CHARS = /^[^,{}\s]*$/;

function truncate(text, length) {
  return text.length > length ? text.substring(0, length - 1) + "…" : text;
}

/** Where the key being typed starts: after the brace, or after the last comma and spaces. */
function keyStart(pos, argument) {
  const part = argument.substring(argument.lastIndexOf(",") + 1).replace(/^\s+/, "");
  return pos - part.length;
}

function labelOptions(index) {
  return index.labels().map((l) => ({
    label: l.name,
    type: "variable",
    detail: `${l.path}:${l.line}`,
  }));
}

function citeOptions(index) {
  return index.bibEntries().map((e) => {
    const who = [shortAuthors(e.author), e.year].filter(Boolean).join(" ");
    return {
      label: e.key,
      type: "constant",
      detail: truncate([who, e.title].filter(Boolean).join(": "), 70),
      info: [e.title, e.author, [e.type, e.year, e.path].filter(Boolean).join(", ")]
        .filter(Boolean)
        .join("\n"),
    };
  });
}

function fileOptions(index, command) {
  const paths = index.paths;
  const withoutTex = (p) => p.replace(/\.tex$/i, "");
  switch (command) {
    case "includegraphics":
      return paths.filter((p) => IMAGES.test(p)).map((p) => ({ label: p, type: "text" }));
    case "bibliography":
      return paths
        .filter((p) => /\.bib$/i.test(p))
        .map((p) => ({ label: p.replace(/\.bib$/i, ""), type: "text" }));
    case "addbibresource":
      return paths.filter((p) => /\.bib$/i.test(p)).map((p) => ({ label: p, type: "text" }));
    default:
      return paths
        .filter((p) => /\.tex$/i.test(p))
        .map((p) => ({ label: withoutTex(p), type: "text", detail: p }));
  }
}

/** Replaces [from, to) and a closing brace right after it, as closeBrackets may have put one. */
function closingBraceEnd(state, to) {
  return state.doc.sliceString(to, to + 1) === "}" ? to + 1 : to;
}

function environmentOption(name, detail) {
  return {
    label: name,
    type: "type",
    detail,
    apply: (view, completion, from, to) => {
      const body = environmentBody(name).replace(/[{}]/g, "\\$&");
      snippet(`${name}\\}\n\t${body}\${}\n\\end\\{${name}\\}`)(
        view,
        completion,
        from,
        closingBraceEnd(view.state, to)
      );
    },
  };
}

function environmentOptions(index) {
  const project = index.definitions().environments;
  const names = new Map(ENVIRONMENTS.map((e) => [e, undefined]));
  project.forEach((path, name) => names.set(name, `defined in ${path}`));
  return [...names].map(([name, detail]) => environmentOption(name, detail));
}

function endOptions(state, pos, index) {
  const open = openEnvironments(state.doc.sliceString(0, pos));
  const innermost = open[open.length - 1];
  const names = [...new Set([...open.reverse(), ...ENVIRONMENTS])];
  return names.map((name) => ({
    label: name,
    type: "type",
    boost: name === innermost ? 99 : open.includes(name) ? 50 : 0,
    detail: name === innermost ? "still open" : undefined,
    apply: (view, completion, from, to) => {
      const end = closingBraceEnd(view.state, to);
      view.dispatch({
        changes: { from, to: end, insert: `${name}}` },
        selection: { anchor: from + name.length + 1 },
        userEvent: "input.complete",
      });
    },
  }));
}

function commandOptions(index) {
  const options = new Map();
  for (const [name, template] of COMMANDS) {
    const label = "\\" + name;
    options.set(
      label,
      template
        ? snippetCompletion("\\" + template, { label, type: "keyword" })
        : { label, type: "keyword" }
    );
  }
  index.definitions().commands.forEach((c, name) => {
    const label = "\\" + name;
    const template = label + "{${}}".repeat(c.args);
    options.set(label, {
      ...(c.args ? snippetCompletion(template, { label }) : { label }),
      type: "function",
      detail: `defined in ${c.path}`,
    });
  });
  for (const name of ENVIRONMENTS) {
    const label = `\\begin{${name}}`;
    options.set(label, {
      ...environmentOption(name),
      label,
      apply: (view, completion, from, to) => {
        const body = environmentBody(name).replace(/[{}]/g, "\\$&");
        snippet(`\\begin\\{${name}\\}\n\t${body}\${}\n\\end\\{${name}\\}`)(
          view,
          completion,
          from,
          to
        );
      },
    });
  }
  return [...options.values()];
}

/** The completion source of the editor, answering from the project's index. */
export function latexCompletionSource(index) {
  return async (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);

    const key = KEY_COMMAND.exec(before);
    if (key && key[1] !== "href" && key[1] !== "hyperref") {
      await index.fresh();
      const isCite = /cite/i.test(key[1]);
      return {
        from: keyStart(context.pos, key[2]),
        options: isCite ? citeOptions(index) : labelOptions(index),
        validFor: KEY_CHARS,
      };
    }
    const file = FILE_COMMAND.exec(before);
    if (file) {
      return {
        from: keyStart(context.pos, file[2]),
        options: fileOptions(index, file[1]),
        validFor: KEY_CHARS,
      };
    }
    const begin = /\\begin\{([^{}]*)$/.exec(before);
    const end = /\\end\{([^{}]*)$/.exec(before);
    const command = context.matchBefore(/\\[a-zA-Z@]*/);
    const wantsCommand = command && (command.to - command.from > 1 || context.explicit);
    if (begin || end || wantsCommand) await index.loaded();
    if (begin) {
      return {
        from: context.pos - begin[1].length,
        options: environmentOptions(index),
        validFor: /^[a-zA-Z*]*$/,
      };
    }
    if (end) {
      return {
        from: context.pos - end[1].length,
        options: endOptions(context.state, context.pos, index),
        validFor: /^[a-zA-Z*]*$/,
      };
    }
    if (wantsCommand) {
      return { from: command.from, options: commandOptions(index), validFor: /^\\[a-zA-Z@]*$/ };
    }
    return null;
  };
}
