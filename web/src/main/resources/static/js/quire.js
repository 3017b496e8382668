// Quire pages: a small client of the HTTP API. Everything is rendered with textContent,
// never innerHTML, so names typed by users cannot inject markup.
const Quire = (() => {
  function cookie(name) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return found ? decodeURIComponent(found.substring(name.length + 1)) : null;
  }

  async function ensureCsrf() {
    if (!cookie("XSRF-TOKEN")) {
      await fetch("/api/auth/csrf", { credentials: "same-origin" });
    }
  }

  /** Calls the API; resolves to {ok, status, data} where data is the JSON (or problem) body. */
  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    const init = { method, headers, credentials: "same-origin" };
    if (method !== "GET") {
      await ensureCsrf();
      headers["X-XSRF-TOKEN"] = cookie("XSRF-TOKEN") || "";
    }
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      data = await response.json();
    }
    return { ok: response.ok, status: response.status, data };
  }

  /** Builds an element: el("td", {className: "x"}, "text", child). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (key.startsWith("on")) node.addEventListener(key.substring(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node[key] = value;
    });
    children.flat().forEach((c) => {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    });
    return node;
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-error").forEach((e) => (e.textContent = ""));
    form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    const general = form.querySelector(".form-error");
    if (general) general.textContent = "";
  }

  /**
   * Shows a problem from the API next to the fields it names (problem.errors), the rest as a
   * message for the whole form. aliases maps API field names to form field names.
   */
  function showProblem(form, result, aliases) {
    clearErrors(form);
    const problem = result.data || {};
    const errors = problem.errors || {};
    let placed = false;
    Object.entries(errors).forEach(([field, message]) => {
      const name = (aliases && aliases[field]) || field;
      const slot = form.querySelector(`.field-error[data-for="${name}"]`);
      const input = form.querySelector(`[name="${name}"]`);
      if (slot) {
        slot.textContent = message;
        placed = true;
      }
      if (input) input.setAttribute("aria-invalid", "true");
    });
    if (!placed) {
      const general = form.querySelector(".form-error");
      const text = problem.detail || `The request failed (${result.status}).`;
      if (general) general.textContent = text;
      else alert(text);
    }
  }

  function formJson(form) {
    const data = {};
    new FormData(form).forEach((value, key) => (data[key] = value));
    return data;
  }

  /** The signed-in user, or a trip to the sign-in page that comes back here. */
  async function requireUser() {
    const me = await api("GET", "/api/me");
    if (me.status === 401) {
      location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
      return new Promise(() => {});
    }
    renderHeader(me.data);
    if (me.data.emailVerified === false) showUnverified();
    return me.data;
  }

  /** An account whose address is not confirmed yet may not use projects: say so, offer a new link. */
  function showUnverified() {
    const main = document.querySelector("main");
    if (!main) return;
    const status = el("span", { id: "verify-status" });
    const again = el("button", { className: "secondary", id: "verify-resend" }, "Send the link again");
    again.addEventListener("click", async () => {
      const result = await api("POST", "/api/me/verification-email");
      status.textContent = result.ok
        ? " A new link is on its way."
        : " " + ((result.data && result.data.detail) || `The request failed (${result.status}).`);
    });
    main.prepend(
      el(
        "div",
        { className: "notice", id: "verify-banner", role: "status" },
        "Confirm your e-mail address to use projects: open the link in the message sent to it. ",
        again,
        status
      )
    );
  }

  function renderHeader(user) {
    const header = document.querySelector("header.top");
    if (!header) return;
    header.replaceChildren(
      el("a", { className: "brand", href: "/projects" }, "Quire"),
      el(
        "nav",
        {},
        el("a", { href: "/projects" }, "Projects"),
        el("a", { href: "/settings" }, "Account"),
        user.role === "admin" ? el("a", { href: "/admin" }, "Admin") : null
      ),
      el("span", { className: "who", id: "who" }, user.name + " · " + user.email),
      el("button", { className: "secondary", id: "logout", onclick: logout }, "Sign out")
    );
  }

  async function logout() {
    await api("POST", "/api/auth/logout");
    location.href = "/login";
  }

  /** A path of this site to go back to after signing in (?next=), never another site. */
  function nextPath(fallback) {
    const next = new URLSearchParams(location.search).get("next");
    return isLocalPath(next) ? next : fallback;
  }

  /**
   * Whether a value is a path of this origin, however a browser or a server would read it. The
   * URL parser drops tabs and newlines and takes "\" for "/", so "/\t/evil" and "/\evil" are
   * "//evil", another host; "%2F" and "%5C" turn into those once something decodes them again.
   * Refused: anything not starting with exactly one "/", any backslash, control character or
   * encoded slash or backslash, and whatever still resolves to another origin.
   */
  function isLocalPath(next) {
    if (typeof next !== "string" || next.length > 2048) return false;
    if (!next.startsWith("/") || next.startsWith("//")) return false;
    if (/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(next)) return false;
    if (/%(2f|5c|0[0-9a-f]|1[0-9a-f]|7f)/i.test(next)) return false;
    try {
      return new URL(next, location.origin).origin === location.origin;
    } catch (e) {
      return false;
    }
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : "never";
  }

  return { api, el, showProblem, clearErrors, formJson, requireUser, nextPath, isLocalPath, when };
})();
