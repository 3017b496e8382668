// Bundles the editor with esbuild into the web module's classpath (target/classes/static/dist by
// default, or QUIRE_FRONTEND_OUT), plus the PDF.js worker. Run by Maven in generate-resources.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.env.QUIRE_FRONTEND_OUT || "../../../target/classes/static/dist");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [resolve(here, "src/editor.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  outfile: resolve(out, "editor.js"),
  logLevel: "warning",
});
copyFileSync(
  resolve(here, "node_modules/pdfjs-dist/build/pdf.worker.min.mjs"),
  resolve(out, "pdf.worker.min.mjs")
);
console.log(`editor bundle written to ${out}`);
