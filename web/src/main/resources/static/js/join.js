// The page behind a sharing link (/join/{projectId}/{token}) and behind an invitation
// (/invite/{inviteId}#{secret}). An invitation's secret travels in the fragment, which the browser
// never sends to a server; it is kept in this tab's sessionStorage while the visitor signs in
// (the sign-in page comes back to /invite/{inviteId} without it) and removed once used.
(() => {
  const { api } = Quire;
  const status = document.getElementById("join-status");
  const open = document.getElementById("join-open");

  function opened(projectId, access) {
    status.textContent =
      access === "readOnly"
        ? "You joined the project with read-only access."
        : access === "owner"
          ? "You own this project already."
          : "You joined the project and can edit it.";
    open.href = "/project/" + encodeURIComponent(projectId);
    open.hidden = false;
  }

  function refused(result, fallback) {
    status.textContent = (result.data && result.data.detail) || fallback;
  }

  async function joinByLink(projectId, token) {
    await Quire.requireUser();
    const result = await api("POST", `/api/projects/${encodeURIComponent(projectId)}/join`, { token });
    if (result.ok) opened(projectId, result.data.access);
    else refused(result, "This link does not work.");
  }

  /** The signed-in user; else links to sign in or register that come back here, and null. */
  async function signedIn(inviteId) {
    const me = await api("GET", "/api/me");
    if (me.ok) return Quire.requireUser();
    const back = encodeURIComponent("/invite/" + inviteId);
    status.replaceChildren(
      "Sign in or ",
      Quire.el("a", { href: "/register?next=" + back }, "create an account"),
      " to accept it."
    );
    const signIn = document.getElementById("join-open");
    signIn.textContent = "Sign in";
    signIn.href = "/login?next=" + back;
    signIn.hidden = false;
    return null;
  }

  async function acceptInvitation(inviteId) {
    const key = "quire.invite." + inviteId;
    if (location.hash.length > 1) {
      sessionStorage.setItem(key, decodeURIComponent(location.hash.substring(1)));
      history.replaceState(null, "", location.pathname);
    }
    const token = sessionStorage.getItem(key);
    document.getElementById("join-title").textContent = "You are invited to a project";
    if (!token) {
      status.textContent =
        "This invitation link is incomplete: open the whole link you were sent, or ask the project's owner for a new one.";
      return;
    }
    const me = await signedIn(inviteId);
    if (!me) return;
    status.textContent = "Anyone with this link can accept it once; it will add the project to your account.";
    const account = document.getElementById("join-account");
    account.textContent = `You are signed in as ${me.name} (${me.email}). Sign out first to accept with another account.`;
    account.hidden = false;
    const accept = document.getElementById("join-accept");
    accept.hidden = false;
    accept.addEventListener("click", async () => {
      accept.disabled = true;
      const result = await api("POST", `/api/invites/${encodeURIComponent(inviteId)}/accept`, { token });
      sessionStorage.removeItem(key);
      accept.hidden = true;
      account.hidden = true;
      if (result.ok) opened(result.data.projectId, result.data.access);
      else refused(result, "This invitation does not work.");
    });
  }

  const parts = location.pathname.split("/");
  if (parts[1] === "invite") acceptInvitation(parts[2]);
  else joinByLink(parts[2], parts[3]);
})();
