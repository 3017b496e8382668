// The editor's client of Quire's HTTP API: JSON calls with the CSRF header, and an answer (never a
// thrown error) when the server cannot be reached, e.g. while it restarts.

export const projectId = location.pathname.split("/").filter(Boolean)[1];

export function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.substring(name.length + 1)) : null;
}

/** The header a state-changing request needs; fetches the token first when there is none. */
export async function csrfHeader() {
  if (!cookie("XSRF-TOKEN")) await fetch("/api/auth/csrf", { credentials: "same-origin" });
  return { "X-XSRF-TOKEN": cookie("XSRF-TOKEN") || "" };
}

const UNREACHABLE = {
  detail: "The server cannot be reached right now; try again in a moment.",
};

/** Resolves to {ok, status, data}: data is the JSON (or problem) body, or the text. */
export async function call(method, path, body, raw) {
  const headers = { Accept: "application/json" };
  try {
    if (method !== "GET") Object.assign(headers, await csrfHeader());
    const init = { method, headers, credentials: "same-origin" };
    if (raw !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
      init.body = raw;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : await response.text();
    return { ok: response.ok, status: response.status, data };
  } catch (e) {
    return { ok: false, status: 0, data: UNREACHABLE };
  }
}

/**
 * A file's text unless it still has the given ETag: {status: 200, text, etag}, {status: 304},
 * or another status when it failed (0 when the server is unreachable).
 */
export async function fetchText(path, etag) {
  const headers = {};
  if (etag) headers["If-None-Match"] = etag;
  try {
    const response = await fetch(filePath(path), { headers, credentials: "same-origin" });
    if (response.status !== 200) return { status: response.status };
    return { status: 200, text: await response.text(), etag: response.headers.get("ETag") };
  } catch (e) {
    return { status: 0 };
  }
}

export const filePath = (path) =>
  `/api/projects/${projectId}/files/${path.split("/").map(encodeURIComponent).join("/")}`;

/** The human message of a failed call. */
export function problem(result) {
  return (result.data && result.data.detail) || `The request failed (${result.status}).`;
}
