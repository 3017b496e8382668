// The sign-in page: signs in, then goes back to where the user came from (a local path only).
{
  const form = document.getElementById("login-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await Quire.api("POST", "/api/auth/login", Quire.formJson(form));
    if (result.ok) location.href = Quire.nextPath("/projects");
    else Quire.showProblem(form, result);
  });
}
