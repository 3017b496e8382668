// LaTeX for CodeMirror: highlighting by the legacy stex mode, the commands and environments that
// completion offers, and what a project's own files define (labels, bibliography entries,
// commands), read with a few forgiving patterns rather than a TeX parser.
import { StreamLanguage } from "@codemirror/language";
import { stex } from "@codemirror/legacy-modes/mode/stex";

export const latexLanguage = StreamLanguage.define(stex);

// name, then optionally the snippet of what follows the backslash (${} marks a field) and a hint
export const COMMANDS = [
  ["part", "part{${title}}"],
  ["chapter", "chapter{${title}}"],
  ["section", "section{${title}}"],
  ["section*", "section*{${title}}"],
  ["subsection", "subsection{${title}}"],
  ["subsection*", "subsection*{${title}}"],
  ["subsubsection", "subsubsection{${title}}"],
  ["paragraph", "paragraph{${title}}"],
  ["label", "label{${key}}"],
  ["ref", "ref{${key}}"],
  ["eqref", "eqref{${key}}"],
  ["pageref", "pageref{${key}}"],
  ["autoref", "autoref{${key}}"],
  ["cref", "cref{${key}}"],
  ["Cref", "Cref{${key}}"],
  ["nameref", "nameref{${key}}"],
  ["cite", "cite{${key}}"],
  ["citep", "citep{${key}}"],
  ["citet", "citet{${key}}"],
  ["parencite", "parencite{${key}}"],
  ["textcite", "textcite{${key}}"],
  ["autocite", "autocite{${key}}"],
  ["footcite", "footcite{${key}}"],
  ["nocite", "nocite{${key}}"],
  ["textbf", "textbf{${}}"],
  ["textit", "textit{${}}"],
  ["textsc", "textsc{${}}"],
  ["texttt", "texttt{${}}"],
  ["textrm", "textrm{${}}"],
  ["textsf", "textsf{${}}"],
  ["emph", "emph{${}}"],
  ["underline", "underline{${}}"],
  ["footnote", "footnote{${}}"],
  ["url", "url{${}}"],
  ["href", "href{${url}}{${text}}"],
  ["item"],
  ["includegraphics", "includegraphics[width=${0.8}\\linewidth]{${file}}"],
  ["caption", "caption{${}}"],
  ["centering"],
  ["input", "input{${file}}"],
  ["include", "include{${file}}"],
  ["usepackage", "usepackage{${package}}"],
  ["documentclass", "documentclass{${article}}"],
  ["begin", "begin{${env}}"],
  ["end", "end{${env}}"],
  ["maketitle"],
  ["tableofcontents"],
  ["listoffigures"],
  ["listoftables"],
  ["appendix"],
  ["title", "title{${}}"],
  ["author", "author{${}}"],
  ["date", "date{${}}"],
  ["today"],
  ["thanks", "thanks{${}}"],
  ["newcommand", "newcommand{\\${name}}{${}}"],
  ["renewcommand", "renewcommand{\\${name}}{${}}"],
  ["newenvironment", "newenvironment{${name}}{${}}{${}}"],
  ["bibliography", "bibliography{${file}}"],
  ["bibliographystyle", "bibliographystyle{${plain}}"],
  ["addbibresource", "addbibresource{${file}}"],
  ["printbibliography"],
  ["newpage"],
  ["clearpage"],
  ["linebreak"],
  ["noindent"],
  ["hline"],
  ["toprule"],
  ["midrule"],
  ["bottomrule"],
  ["multicolumn", "multicolumn{${n}}{${c}}{${}}"],
  ["vspace", "vspace{${1em}}"],
  ["hspace", "hspace{${1em}}"],
  ["hfill"],
  ["vfill"],
  ["smallskip"],
  ["medskip"],
  ["bigskip"],
  ["small"],
  ["large"],
  ["Large"],
  ["footnotesize"],
  ["linewidth"],
  ["textwidth"],
  ["frac", "frac{${num}}{${den}}"],
  ["dfrac", "dfrac{${num}}{${den}}"],
  ["sqrt", "sqrt{${}}"],
  ["sum", "sum_{${}}^{${}}"],
  ["prod", "prod_{${}}^{${}}"],
  ["int", "int_{${}}^{${}}"],
  ["lim", "lim_{${}}"],
  ["left"],
  ["right"],
  ["mathbb", "mathbb{${}}"],
  ["mathbf", "mathbf{${}}"],
  ["mathrm", "mathrm{${}}"],
  ["mathcal", "mathcal{${}}"],
  ["text", "text{${}}"],
  ["operatorname", "operatorname{${}}"],
  ["quad"],
  ["qquad"],
  ["ldots"],
  ["cdots"],
  ["cdot"],
  ["times"],
  ["infty"],
  ["partial"],
  ["nabla"],
  ["leq"],
  ["geq"],
  ["neq"],
  ["approx"],
  ["equiv"],
  ["in"],
  ["subset"],
  ["forall"],
  ["exists"],
  ["rightarrow"],
  ["Rightarrow"],
  ["mapsto"],
  ...["alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta"],
  ...["iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon"],
  ...["phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Sigma"],
  ...["Phi", "Psi", "Omega"],
].map((entry) => (Array.isArray(entry) ? entry : [entry]));

export const ENVIRONMENTS = [
  "document", "abstract", "itemize", "enumerate", "description", "figure", "figure*", "table",
  "table*", "tabular", "tabularx", "center", "flushleft", "flushright", "minipage", "quote",
  "quotation", "verbatim", "equation", "equation*", "align", "align*", "gather", "gather*",
  "multline", "split", "cases", "matrix", "pmatrix", "bmatrix", "array", "theorem", "lemma",
  "proposition", "corollary", "definition", "remark", "example", "proof", "thebibliography",
  "frame", "columns", "column", "tikzpicture", "lstlisting", "subfigure",
];

/** What to put on the first line inside a new environment. */
export function environmentBody(name) {
  if (/^(itemize|enumerate)$/.test(name)) return "\\item ";
  if (name === "description") return "\\item[] ";
  return "";
}

function lineAt(text, index) {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Labels defined by \label{...} in a text, with their line numbers. */
export function labelsIn(text) {
  return [...text.matchAll(/\\label\s*\{([^{}]+)\}/g)].map((m) => ({
    name: m[1].trim(),
    line: lineAt(text, m.index),
  }));
}

/** Commands and environments a text defines (\newcommand, \def, \newenvironment...). */
export function definitionsIn(text) {
  const commands = [];
  const commandPattern =
    /\\(?:(?:re)?newcommand\*?|providecommand\*?|DeclareMathOperator\*?|DeclareRobustCommand\*?)\s*\{?\s*\\([a-zA-Z@]+)\s*\}?(?:\s*\[(\d)\])?|\\[gex]?def\s*\\([a-zA-Z@]+)/g;
  for (const m of text.matchAll(commandPattern)) {
    const name = m[1] || m[3];
    commands.push({ name, args: m[2] ? Number(m[2]) : 0 });
  }
  const environments = [
    ...text.matchAll(/\\(?:re)?newenvironment\*?\s*\{([^{}]+)\}/g),
    ...text.matchAll(/\\newtheorem\*?\s*\{([^{}]+)\}/g),
  ].map((m) => m[1].trim());
  return { commands, environments };
}

/**
 * The entries of a .bib file: {key, type, title, author, year}. Tolerates what BibTeX does:
 * braces or parentheses around an entry, values in braces (nested) or quotes, and @string,
 * @preamble and @comment blocks, which are skipped.
 */
export function bibEntriesIn(bib) {
  const entries = [];
  const start = /@\s*([a-zA-Z]+)\s*([{(])/g;
  let m;
  while ((m = start.exec(bib))) {
    const type = m[1].toLowerCase();
    const close = m[2] === "{" ? "}" : ")";
    const end = matchingEnd(bib, start.lastIndex, m[2], close);
    const body = bib.substring(start.lastIndex, end);
    start.lastIndex = Math.max(start.lastIndex, end);
    if (type === "string" || type === "preamble" || type === "comment") continue;
    const keyMatch = /^\s*([^,\s{}()]+)\s*,/.exec(body);
    if (!keyMatch) continue;
    const fields = bibFields(body.substring(keyMatch[0].length));
    entries.push({
      key: keyMatch[1],
      type,
      title: fields.title || "",
      author: fields.author || fields.editor || "",
      year: fields.year || (fields.date || "").substring(0, 4),
    });
  }
  return entries;
}

/** The index just after the bracket that closes one opened before {@code from}. */
function matchingEnd(text, from, open, close) {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === open || (open !== "{" && c === "{")) depth++;
    else if (c === close || (open !== "{" && c === "}")) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

function bibFields(body) {
  const fields = {};
  const name = /\s*([a-zA-Z_-]+)\s*=\s*/y;
  let i = 0;
  while (i < body.length) {
    name.lastIndex = i;
    const m = name.exec(body);
    if (!m) {
      const comma = body.indexOf(",", i);
      if (comma < 0) break;
      i = comma + 1;
      continue;
    }
    i = name.lastIndex;
    let value = "";
    // a value is pieces joined by #: {braced}, "quoted", or a bare word or number
    for (;;) {
      if (body[i] === "{") {
        const end = matchingEnd(body, i + 1, "{", "}");
        value += body.substring(i + 1, end);
        i = end + 1;
      } else if (body[i] === '"') {
        let end = i + 1;
        let depth = 0;
        while (end < body.length && !(body[end] === '"' && depth === 0)) {
          if (body[end] === "{") depth++;
          else if (body[end] === "}") depth--;
          end++;
        }
        value += body.substring(i + 1, end);
        i = end + 1;
      } else {
        const bare = /[^,#\s}]*/y;
        bare.lastIndex = i;
        value += bare.exec(body)[0];
        i = bare.lastIndex;
      }
      const hash = /\s*#\s*/y;
      hash.lastIndex = i;
      if (!hash.exec(body)) break;
      i = hash.lastIndex;
    }
    fields[m[1].toLowerCase()] = cleanBib(value);
    const comma = body.indexOf(",", i);
    if (comma < 0) break;
    i = comma + 1;
  }
  return fields;
}

/** A BibTeX value as people read it: no braces, no accents' markup, one space between words. */
function cleanBib(value) {
  return value
    .replace(/\\[`'^"~=.uvHc]\s*\{?([a-zA-Z])\}?/g, "$1")
    .replace(/\\[a-zA-Z]+\s*(?=\{)/g, "") // \emph{x} is x
    .replace(/\\([a-zA-Z]+)\s*/g, "$1") // \LaTeX is LaTeX
    .replace(/\\(.)/g, "$1") // \& is &
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** "Knuth" or "Knuth and Lamport" or "Knuth et al." from a BibTeX author list. */
export function shortAuthors(author) {
  if (!author) return "";
  const names = author.split(/\s+and\s+/i).map((n) => {
    const comma = n.indexOf(",");
    if (comma >= 0) return n.substring(0, comma).trim();
    const parts = n.trim().split(/\s+/);
    return parts[parts.length - 1];
  });
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

/** The environments opened before a position and not closed yet, innermost last. */
export function openEnvironments(textBefore) {
  const stack = [];
  for (const m of textBefore.matchAll(/\\(begin|end)\s*\{([^{}]+)\}/g)) {
    if (m[1] === "begin") stack.push(m[2]);
    else {
      const at = stack.lastIndexOf(m[2]);
      if (at >= 0) stack.length = at;
    }
  }
  return stack;
}
