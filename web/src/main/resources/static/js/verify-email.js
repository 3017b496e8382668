// The address verification page: posts the link's token (its fragment) once.
{
  const token = location.hash.slice(1);
  const notice = document.getElementById("verify-notice");
  const form = document.getElementById("verify-form");
  (async () => {
    if (!token) {
      notice.textContent = "Open the link from the message sent to your address.";
      return;
    }
    const result = await Quire.api("POST", "/api/auth/verify-email", { token });
    history.replaceState(null, "", location.pathname);
    if (result.ok) notice.textContent = "Your address is confirmed. You can sign in and use Quire.";
    else Quire.showProblem(form, result);
  })();
  // a link opened while this page is open changes only the fragment: start over with it
  window.addEventListener("hashchange", () => location.reload());
}
