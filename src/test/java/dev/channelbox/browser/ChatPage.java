package dev.channelbox.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The demo page in one browser, as a person uses it: fields, buttons, and what it shows. */
final class ChatPage implements AutoCloseable {

    /** A chat line as shown: who, what, whether it is marked as one's own, its position. */
    record Line(String user, String text, boolean mine, String position) {
    }

    private final ChromeDriver browser;
    private final String name;

    ChatPage(String url, String name) {
        this.browser = Chromium.start();
        this.name = name;
        browser.get(url);
    }

    ChatPage join(String room, String user) {
        type("room", room);
        type("username", user);
        browser.findElement(By.id("enter")).click();
        await("in room " + room, p -> p.status().startsWith("in room " + room));
        return this;
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    void say(String text) {
        browser.findElement(By.id("content")).sendKeys(text, Keys.ENTER);
    }

    /** Submits the message form {@code times} times in one go, as a script on the page would. */
    void submitQuickly(int times, String prefix) {
        browser.executeScript("for (let i = 0; i < arguments[0]; i++) {"
                + " document.getElementById('content').value = arguments[1] + ' ' + i;"
                + " document.getElementById('say').requestSubmit(); }", times, prefix);
    }

    void leave() {
        browser.findElement(By.id("leave")).click();
    }

    String status() {
        return browser.findElement(By.id("status")).getText();
    }

    boolean bannerShown() {
        return Boolean.TRUE.equals(browser.executeScript("return document.getElementById('banner').classList.contains('shown')"));
    }

    @SuppressWarnings("unchecked")
    List<Line> lines() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) browser.executeScript(
                "return [...document.querySelectorAll('#log .chat')].map(d => ({user: d.querySelector('b').textContent,"
                        + " text: d.lastChild.textContent.substring(2), mine: d.classList.contains('mine'),"
                        + " position: d.dataset.position || ''}))");
        return raw.stream().map(m -> new Line((String) m.get("user"), (String) m.get("text"), (Boolean) m.get("mine"),
                (String) m.get("position"))).toList();
    }

    /** The other lines of the log (joins, leaves, errors, notes). */
    @SuppressWarnings("unchecked")
    List<String> notes() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#log .system, #log .error')].map(d => d.textContent)");
    }

    @SuppressWarnings("unchecked")
    List<String> members() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#members li')].map(li => li.textContent)");
    }

    ChatPage await(String what, Predicate<ChatPage> condition) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> condition.test(this));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout");
            throw new AssertionError(name + ": not within 20 s: " + what + "; the page shows lines " + lines()
                    + ", notes " + notes() + ", members " + members() + ", status '" + status() + "'");
        }
        return this;
    }

    void screenshot(String step) {
        Chromium.screenshot(browser, step + "-" + name);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
