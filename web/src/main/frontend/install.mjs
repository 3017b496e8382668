// Installs node_modules from package-lock.json only when the lock changed since the last install,
// preferring npm's cache: builds after the first one work offline and cost nothing.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lock = readFileSync(resolve(here, "package-lock.json"));
const hash = createHash("sha256").update(lock).digest("hex");
const stamp = resolve(here, "node_modules/.quire-lock-sha256");

if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash) {
  process.exit(0);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
execFileSync(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund"], {
  cwd: here,
  stdio: "inherit",
});
writeFileSync(stamp, hash + "\n");
