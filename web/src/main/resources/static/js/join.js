// A sharing link: joins the signed-in user to the project (signing in first when needed).
(async () => {
  await Quire.requireUser();
  const [, , projectId, token] = location.pathname.split("/");
  const result = await Quire.api("POST", `/api/projects/${encodeURIComponent(projectId)}/join`, { token });
  const status = document.getElementById("join-status");
  if (result.ok) {
    status.textContent = result.data.access === "readOnly"
      ? "You joined the project with read-only access."
      : "You joined the project and can edit it.";
    const open = document.getElementById("join-open");
    open.href = "/project/" + encodeURIComponent(projectId);
    open.hidden = false;
  } else {
    status.textContent = (result.data && result.data.detail) || "This link does not work.";
  }
})();
