// The registration page: creates the account, signs in, then goes back to where the user came from;
// on a server that sends e-mail, it says to open the mailed link instead.
{
  const form = document.getElementById("register-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await Quire.api("POST", "/api/auth/register", Quire.formJson(form));
    if (result.status === 202) {
      // this server sends e-mail: nobody is signed in until the address is confirmed
      form.hidden = true;
      const notice = Quire.el("div", { className: "notice", role: "status" }, result.data.next);
      form.after(notice);
    } else if (result.ok) location.href = Quire.nextPath("/projects");
    else Quire.showProblem(form, result);
  });
}
