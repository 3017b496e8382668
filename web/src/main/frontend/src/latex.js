// LaTeX for CodeMirror: highlighting by the legacy stex mode, completion of common commands and
// environments, and of \ref labels and \cite keys found in the project.
import { StreamLanguage } from "@codemirror/language";
import { stex } from "@codemirror/legacy-modes/mode/stex";

export const latexLanguage = StreamLanguage.define(stex);

const COMMANDS = [
  "section", "subsection", "subsubsection", "paragraph", "chapter", "part", "label", "ref",
  "eqref", "pageref", "cite", "citep", "citet", "textbf", "textit", "emph", "underline",
  "texttt", "footnote", "item", "includegraphics", "caption", "centering", "usepackage",
  "documentclass", "maketitle", "tableofcontents", "title", "author", "date", "newcommand",
  "renewcommand", "frac", "sqrt", "sum", "int", "infty", "alpha", "beta", "gamma", "delta",
  "epsilon", "lambda", "mu", "pi", "sigma", "theta", "left", "right", "hline", "vspace",
  "hspace", "newpage", "clearpage", "bibliography", "bibliographystyle", "input", "include",
  "url", "href", "mathbb", "mathrm", "mathcal", "quad", "qquad", "ldots", "cdots", "today",
];
const ENVIRONMENTS = [
  "document", "itemize", "enumerate", "description", "figure", "table", "tabular", "equation",
  "equation*", "align", "align*", "gather", "center", "abstract", "verbatim", "quote",
  "theorem", "proof", "lemma", "minipage", "thebibliography",
];

/**
 * A completion source. {@code labels()} and {@code citeKeys()} give what the project defines now.
 */
export function latexCompletions(labels, citeKeys) {
  return (context) => {
    const ref = context.matchBefore(/\\(?:ref|eqref|pageref|autoref|cref)\{[^}]*/);
    if (ref) {
      const from = ref.from + ref.text.indexOf("{") + 1;
      return { from, options: labels().map((l) => ({ label: l, type: "variable" })) };
    }
    const cite = context.matchBefore(/\\cite[tp]?\*?(?:\[[^\]]*\])*\{[^}]*/);
    if (cite) {
      const from = cite.from + cite.text.lastIndexOf(cite.text.includes(",") ? "," : "{") + 1;
      return { from, options: citeKeys().map((k) => ({ label: k, type: "constant" })) };
    }
    const env = context.matchBefore(/\\begin\{[^}]*/);
    if (env) {
      return {
        from: env.from + 7,
        options: ENVIRONMENTS.map((e) => ({ label: e, type: "type" })),
      };
    }
    const command = context.matchBefore(/\\[a-zA-Z]*/);
    if (command && (command.from < command.to || context.explicit)) {
      return {
        from: command.from,
        options: COMMANDS.map((c) => ({ label: "\\" + c, type: "keyword" })).concat(
          ENVIRONMENTS.map((e) => ({
            label: "\\begin{" + e + "}",
            type: "type",
            apply: `\\begin{${e}}\n\n\\end{${e}}`,
          }))
        ),
      };
    }
    return null;
  };
}

/** Labels defined by \label{...} in a text. */
export function labelsIn(text) {
  return [...text.matchAll(/\\label\{([^}]+)\}/g)].map((m) => m[1]);
}

/** Entry keys of a .bib file. */
export function citeKeysIn(bib) {
  return [...bib.matchAll(/@\w+\s*\{\s*([^,\s]+)\s*,/g)].map((m) => m[1]);
}
