// The password reset page: without a token (the link's fragment) it asks for a link; with one it
// sets the new password. The token never leaves the browser but in the request body.
{
  const token = location.hash.slice(1);
  const notice = document.getElementById("reset-notice");
  const ask = document.getElementById("reset-request-form");
  const confirm = document.getElementById("reset-confirm-form");
  if (token) {
    ask.hidden = true;
    confirm.hidden = false;
  }
  ask.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await Quire.api("POST", "/api/auth/password-reset", Quire.formJson(ask));
    if (result.ok) {
      ask.hidden = true;
      notice.textContent =
        "If this address has an account, a link is on its way. It works once, for an hour.";
    } else Quire.showProblem(ask, result);
  });
  confirm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { token, password: confirm.elements.password.value };
    const result = await Quire.api("POST", "/api/auth/password-reset/confirm", body);
    if (result.ok) {
      confirm.hidden = true;
      history.replaceState(null, "", location.pathname);
      notice.textContent = "Your password is changed. Sign in with it.";
    } else Quire.showProblem(confirm, result);
  });
  // a link opened while this page is open changes only the fragment: start over with it
  window.addEventListener("hashchange", () => location.reload());
}
