package io.quire.web.page;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Clean addresses for the pages; each is a static file under {@code static/pages}. */
@Controller
class PageController {

  @GetMapping("/")
  String home() {
    return "redirect:/projects";
  }

  @GetMapping("/login")
  String login() {
    return "forward:/pages/login.html";
  }

  @GetMapping("/register")
  String register() {
    return "forward:/pages/register.html";
  }

  /** Asks for a reset link, or (with the link's token as the fragment) sets a new password. */
  @GetMapping("/reset-password")
  String resetPassword() {
    return "forward:/pages/reset-password.html";
  }

  /** A verification link; its token is the fragment, which the page posts. */
  @GetMapping("/verify-email")
  String verifyEmail() {
    return "forward:/pages/verify-email.html";
  }

  @GetMapping("/projects")
  String projects() {
    return "forward:/pages/projects.html";
  }

  @GetMapping("/settings")
  String settings() {
    return "forward:/pages/settings.html";
  }

  @GetMapping("/admin")
  String admin() {
    return "forward:/pages/admin.html";
  }

  @GetMapping("/admin/queues")
  String queues() {
    return "forward:/pages/queues.html";
  }

  /** The editor of one project; the page loads the project through the API. */
  @GetMapping("/project/{projectId}")
  String editor(@PathVariable String projectId) {
    return "forward:/pages/editor.html";
  }

  /** A sharing link: the page joins the signed-in user (signing in first when needed). */
  @GetMapping("/join/{projectId}/{token}")
  String join(@PathVariable String projectId, @PathVariable String token) {
    return "forward:/pages/join.html";
  }

  /** An invitation's link; its secret is the fragment, which the page posts once signed in. */
  @GetMapping("/invite/{inviteId}")
  String invite(@PathVariable String inviteId) {
    return "forward:/pages/join.html";
  }
}
