// The administration page: registration switch, users, and project look-up.
(async () => {
  const { api, el, showProblem, clearErrors, when } = Quire;
  const me = await Quire.requireUser();
  if (me.role !== "admin") {
    document.querySelector("main").replaceChildren(el("div", { className: "card" }, "Only administrators can see this page."));
    return;
  }
  const registration = document.getElementById("registration-open");
  registration.checked = (await api("GET", "/api/admin/settings")).data.registrationOpen;
  registration.addEventListener("change", async () => {
    const result = await api("PUT", "/api/admin/settings", { registrationOpen: registration.checked });
    registration.checked = result.data.registrationOpen;
  });

  const search = document.getElementById("user-search");
  async function loadUsers() {
    const result = await api("GET", "/api/admin/users?q=" + encodeURIComponent(search.value));
    document.getElementById("user-rows").replaceChildren(
      ...result.data.map((u) =>
        el(
          "tr",
          {},
          el("td", {}, u.name),
          el("td", {}, u.email),
          el("td", {}, u.role),
          el("td", {}, u.disabled ? "Disabled" : "Active"),
          el("td", { className: "actions" },
            u.id === me.id ? null : el("button", {
              type: "button", className: "secondary",
              onclick: async () => {
                await api("POST", `/api/admin/users/${u.id}/disabled`, { disabled: !u.disabled });
                loadUsers();
              },
            }, u.disabled ? "Enable" : "Disable"),
            u.id === me.id ? null : el("button", {
              type: "button", className: "danger",
              onclick: async () => {
                if (!confirm(`Delete ${u.email} and the projects they own? This cannot be undone.`)) return;
                await api("DELETE", `/api/admin/users/${u.id}`);
                loadUsers();
              },
            }, "Delete"))
        )));
  }
  let typing;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(loadUsers, 200);
  });

  const userForm = document.getElementById("user-form");
  userForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = Quire.formJson(userForm);
    if (!body.password) delete body.password;
    const result = await api("POST", "/api/admin/users", body);
    if (result.ok) {
      clearErrors(userForm);
      userForm.reset();
      document.getElementById("user-notice").textContent = result.data.generatedPassword
        ? `Created ${result.data.user.email}; their password is ${result.data.generatedPassword} (shown once).`
        : `Created ${result.data.user.email}.`;
      loadUsers();
    } else {
      showProblem(userForm, result);
    }
  });

  const projectForm = document.getElementById("project-form");
  projectForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const q = document.getElementById("project-query").value.trim();
    const result = await api("GET", "/api/admin/projects?q=" + encodeURIComponent(q));
    const error = document.getElementById("project-error");
    error.textContent = result.ok ? (result.data.length ? "" : "No project found.") : result.data.detail;
    document.getElementById("project-rows").replaceChildren(
      ...(result.ok ? result.data : []).map((p) =>
        el("tr", {},
          el("td", {}, el("a", { href: `/project/${p.id}` }, p.name)),
          el("td", { className: "mono" }, p.id),
          el("td", {}, p.ownerEmail || "(deleted)"),
          el("td", { className: "muted" }, `${p.files} files, ${p.collaborators} members`),
          el("td", { className: "muted" }, p.trashed ? "in trash" : when(p.updated)))));
  });
  loadUsers();
})();
