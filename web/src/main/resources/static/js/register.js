// The registration page: creates the account, signs in, then goes back to where the user came from.
{
  const form = document.getElementById("register-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await Quire.api("POST", "/api/auth/register", Quire.formJson(form));
    if (result.ok) location.href = Quire.nextPath("/projects");
    else Quire.showProblem(form, result);
  });
}
