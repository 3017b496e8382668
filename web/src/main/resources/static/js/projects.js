// The project dashboard: list, search, sort, create, upload, trash, and the sharing dialog.
(async () => {
  const { api, el, showProblem, clearErrors, when } = Quire;
  const me = await Quire.requireUser();
  const rows = document.getElementById("project-rows");
  const search = document.getElementById("search");
  const sort = document.getElementById("sort");
  const createNotice = document.getElementById("create-notice");
  let filter = location.hash.substring(1) || "all";

  const accessLabel = { owner: "Owner", readWrite: "Can edit", readOnly: "Can view" };

  async function load() {
    document.querySelectorAll("#filters a").forEach((a) =>
      a.classList.toggle("active", a.dataset.filter === filter));
    const query = new URLSearchParams({ filter, sort: sort.value, q: search.value });
    const result = await api("GET", "/api/projects?" + query);
    const projects = Array.isArray(result.data) ? result.data : [];
    rows.replaceChildren(...projects.map(row));
    document.getElementById("project-empty").hidden = projects.length > 0;
  }

  function row(project) {
    const owner = project.access === "owner";
    const actions = [];
    if (project.trashed) {
      if (owner) {
        actions.push(button("Restore", "secondary", () => patch(project, { trashed: false })));
        actions.push(button("Delete forever", "danger", () => destroy(project)));
      }
    } else {
      if (owner) actions.push(button("Share", "secondary", () => openShare(project)));
      actions.push(button("Copy", "secondary", () => copy(project)));
      actions.push(el("a", { className: "button secondary", href: `/api/projects/${project.id}/download.zip` }, "Download"));
      if (owner) actions.push(button("Trash", "danger", () => patch(project, { trashed: true })));
    }
    return el(
      "tr",
      { dataset: { projectId: project.id } },
      el("td", {}, el("a", { href: `/project/${project.id}`, className: "project-name" }, project.name)),
      el("td", {}, accessLabel[project.access] || project.access),
      el("td", { className: "muted" }, when(project.updated)),
      el("td", { className: "actions" }, actions)
    );
  }

  function button(text, kind, onclick) {
    return el("button", { type: "button", className: kind, onclick }, text);
  }

  async function patch(project, change) {
    const result = await api("PATCH", `/api/projects/${project.id}`, change);
    if (!result.ok) alert(result.data ? result.data.detail : "Failed.");
    load();
  }

  async function destroy(project) {
    if (!confirm(`Delete "${project.name}" for good? This cannot be undone.`)) return;
    await api("DELETE", `/api/projects/${project.id}`);
    load();
  }

  async function copy(project) {
    const result = await api("POST", `/api/projects/${project.id}/copy`, { name: "Copy of " + project.name });
    if (!result.ok) alert(result.data ? result.data.detail : "Failed.");
    load();
  }

  const createForm = document.getElementById("create-form");
  const createError = document.getElementById("create-error");
  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    createError.textContent = "";
    const name = document.getElementById("new-name").value.trim();
    if (!name) {
      createError.textContent = "Give the project a name.";
      return;
    }
    const result = await api("POST", "/api/projects", { name });
    if (result.ok) {
      createNotice.textContent = `Created "${result.data.name}".`;
      createForm.reset();
      load();
    } else {
      createError.textContent = result.data ? result.data.detail : "Failed.";
    }
  });

  const uploadForm = document.getElementById("upload-form");
  uploadForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    createError.textContent = "";
    const file = document.getElementById("upload-file").files[0];
    if (!file) {
      createError.textContent = "Choose a zip file first.";
      return;
    }
    const body = new FormData();
    body.append("file", file);
    const result = await api("POST", "/api/projects", body);
    if (result.ok) {
      const skipped = result.data.skipped.length ? ` Skipped: ${result.data.skipped.join(", ")}.` : "";
      createNotice.textContent = `Imported "${result.data.name}" with ${result.data.files} files.${skipped}`;
      uploadForm.reset();
      load();
    } else {
      const problems = result.data && result.data.problems ? " " + result.data.problems.join("; ") : "";
      createError.textContent = (result.data ? result.data.detail : "Upload failed.") + problems;
    }
  });

  document.querySelectorAll("#filters a").forEach((a) =>
    a.addEventListener("click", () => {
      filter = a.dataset.filter;
      setTimeout(load);
    }));
  let typing;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(load, 200);
  });
  sort.addEventListener("change", load);

  // --- sharing dialog ---
  const dialog = document.getElementById("share-dialog");
  const inviteForm = document.getElementById("invite-form");
  const linkEnabled = document.getElementById("link-enabled");
  let sharing = null;

  async function openShare(project) {
    sharing = project;
    document.getElementById("share-name").textContent = project.name;
    clearErrors(dialog);
    inviteLink.hidden = true;
    await Promise.all([loadMembers(), loadLinks()]);
    dialog.showModal();
  }

  async function loadMembers() {
    const result = await api("GET", `/api/projects/${sharing.id}/collaborators`);
    const members = result.data;
    const list = [
      el("tr", {}, el("td", {}, members.owner.name), el("td", { className: "muted" }, members.owner.email), el("td", {}, "Owner"), el("td", {})),
      ...members.collaborators.map((m) =>
        el(
          "tr",
          {},
          el("td", {}, m.name),
          el("td", { className: "muted" }, m.email || ""),
          el("td", {}, (accessLabel[m.access] || m.access) + (m.viaLink ? " (link)" : "")),
          el(
            "td",
            { className: "actions" },
            m.viaLink ? null : button("Make owner", "secondary", async () => {
              if (!confirm(`Make ${m.name} the owner? You will keep edit access.`)) return;
              await api("POST", `/api/projects/${sharing.id}/transfer-ownership`, { userId: m.userId });
              dialog.close();
              load();
            }),
            button("Remove", "danger", async () => {
              await api("DELETE", `/api/projects/${sharing.id}/collaborators/${m.userId}`);
              loadMembers();
            })
          )
        )),
      ...members.invites.map((i) =>
        el(
          "tr",
          {},
          el("td", { className: "muted" }, i.acceptable ? `Invited (link until ${when(i.expiresAt)})` : "Invited (link expired)"),
          el("td", {}, i.email),
          el("td", {}, accessLabel[i.access] || i.access),
          el(
            "td",
            { className: "actions" },
            // the link is shown only once: a lost or expired one is replaced by inviting again
            button("New link", "secondary", () => invite({ email: i.email, access: i.access })),
            button("Cancel", "danger", async () => {
              await api("DELETE", `/api/projects/${sharing.id}/invites/${i.id}`);
              loadMembers();
            })
          )
        )),
    ];
    document.getElementById("member-rows").replaceChildren(...list);
  }

  function showLinks(links) {
    linkEnabled.checked = links.enabled;
    document.getElementById("link-urls").hidden = !links.enabled;
    document.getElementById("link-read").value = links.readUrl || "";
    document.getElementById("link-write").value = links.writeUrl || "";
  }

  async function loadLinks() {
    showLinks((await api("GET", `/api/projects/${sharing.id}/link-sharing`)).data);
  }

  linkEnabled.addEventListener("change", async () => {
    showLinks((await api("POST", `/api/projects/${sharing.id}/link-sharing`, { enabled: linkEnabled.checked })).data);
  });
  document.getElementById("link-regenerate").addEventListener("click", async () => {
    if (!confirm("Replace both links? The old links stop working.")) return;
    showLinks((await api("POST", `/api/projects/${sharing.id}/link-sharing`, { enabled: true, regenerate: true })).data);
  });
  const inviteLink = document.getElementById("invite-link");

  /** Invites; without e-mail delivery the link is shown here, once, for the owner to pass on. */
  async function invite(body) {
    const result = await api("POST", `/api/projects/${sharing.id}/collaborators`, body);
    if (!result.ok) {
      showProblem(dialog, result);
      return;
    }
    clearErrors(dialog);
    inviteForm.reset();
    const invited = result.data;
    inviteLink.hidden = false;
    if (invited.delivered) {
      document.getElementById("invite-link-text").textContent = `An invitation was sent to ${invited.email}.`;
      document.getElementById("invite-link-url").hidden = true;
      document.getElementById("invite-link-copy").hidden = true;
    } else {
      document.getElementById("invite-link-text").textContent =
        `Send this link to ${invited.email}; whoever opens it while signed in joins the project, once, ` +
        `until ${when(invited.expiresAt)}. It is shown only now.`;
      const url = document.getElementById("invite-link-url");
      url.hidden = false;
      url.value = invited.link;
      document.getElementById("invite-link-copy").hidden = false;
    }
    loadMembers();
  }

  document.getElementById("invite-link-copy").addEventListener("click", async () => {
    const url = document.getElementById("invite-link-url");
    url.select();
    await navigator.clipboard.writeText(url.value).catch(() => document.execCommand("copy"));
  });
  inviteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    invite(Quire.formJson(inviteForm));
  });
  document.getElementById("share-close").addEventListener("click", () => dialog.close());

  load();
})();
