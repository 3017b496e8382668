// The account page: password change and personal access tokens.
(async () => {
  const { api, el, showProblem, clearErrors, when } = Quire;
  const me = await Quire.requireUser();
  document.getElementById("account-summary").textContent = `${me.name} · ${me.email}`;
  document.getElementById("git-hint").textContent = `git clone ${location.origin}/git/<projectId>`;
  // only an administrator may create a token for the admin endpoints
  document.getElementById("token-scope-admin-choice").hidden = me.role !== "admin";

  const passwordForm = document.getElementById("password-form");
  passwordForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    document.getElementById("password-notice").textContent = "";
    const result = await api("POST", "/api/me/password", Quire.formJson(passwordForm));
    if (result.ok) {
      clearErrors(passwordForm);
      passwordForm.reset();
      document.getElementById("password-notice").textContent = "Your password was changed.";
    } else {
      showProblem(passwordForm, result, { password: "newPassword" });
    }
  });

  async function loadTokens() {
    const result = await api("GET", "/api/me/tokens");
    document.getElementById("token-rows").replaceChildren(
      ...result.data.map((t) =>
        el(
          "tr",
          {},
          el("td", { className: "token-name" }, t.name),
          el(
            "td",
            { className: "token-scopes" },
            t.legacy ? "all (made before scopes; revoke and replace it)" : t.scopes.join(", ")
          ),
          el("td", { className: "mono" }, t.prefix + "…"),
          el("td", { className: "muted" }, when(t.created)),
          el("td", { className: "muted token-expires" }, t.expires ? when(t.expires) : "never"),
          el("td", { className: "muted" }, when(t.lastUsed)),
          el("td", { className: "actions" }, el("button", {
            type: "button",
            className: "danger",
            onclick: async () => {
              if (!confirm(`Revoke "${t.name}"? Anything using it stops working.`)) return;
              await api("DELETE", `/api/me/tokens/${t.id}`);
              loadTokens();
            },
          }, "Revoke"))
        )));
  }

  const tokenForm = document.getElementById("token-form");
  const tokenSection = tokenForm.parentElement;
  tokenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const scopes = [...tokenForm.querySelectorAll("input[name=scopes]:checked")].map((c) => c.value);
    const expiry = document.getElementById("token-expiry").value;
    const body = { name: document.getElementById("token-name").value, scopes };
    if (expiry === "never") body.neverExpires = true;
    else if (expiry) body.expiresInDays = Number(expiry);
    const result = await api("POST", "/api/me/tokens", body);
    if (result.ok) {
      clearErrors(tokenSection);
      tokenForm.reset();
      document.getElementById("token-secret").textContent = result.data.token;
      document.getElementById("token-created").hidden = false;
      loadTokens();
    } else {
      showProblem(tokenSection, result);
    }
  });
  loadTokens();
})();
