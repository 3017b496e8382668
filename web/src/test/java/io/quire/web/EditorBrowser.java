package io.quire.web;

import io.quire.testsupport.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One person's headless Chromium on the editor page, with the steps the editor tests share. */
final class EditorBrowser implements AutoCloseable {
  private final HeadlessChromium chromium = HeadlessChromium.start();
  final WebDriver driver = chromium.driver();
  final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  private final String baseUrl;

  EditorBrowser(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  EditorBrowser signIn(String email, String password) {
    driver.get(baseUrl + "/login");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("email"))).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    return this;
  }

  /** Opens a project and waits for its document {@code path} in the editor. */
  void open(String projectId, String path) {
    driver.get(baseUrl + "/project/" + projectId);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor .cm-content")));
    wait.until(ExpectedConditions.textToBe(By.id("doc-title"), path));
  }

  String text() {
    return (String) js("return window.quireEditor ? window.quireEditor.text() : ''");
  }

  /** Puts the cursor at the end of the document and types there, as a person would. */
  void typeAtEnd(String keys) {
    moveTo(-1);
    type(keys);
  }

  /** Puts the cursor at an offset of the document (-1 for its end) and focuses the editor. */
  void moveTo(int offset) {
    js(
        "const v = window.quireEditor.view;"
            + " const at = arguments[0] < 0 ? v.state.doc.length : arguments[0];"
            + " v.dispatch({selection: {anchor: at}}); v.focus();",
        offset);
  }

  void type(CharSequence... keys) {
    driver.switchTo().activeElement().sendKeys(keys);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  @Override
  public void close() {
    chromium.close();
  }
}
