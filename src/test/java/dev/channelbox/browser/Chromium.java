package dev.channelbox.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's headless Chromium, driven by its chromedriver through Selenium: one browser per page, with
 * a fresh profile. Where either is missing the test is skipped, saying so in one line; under
 * {@code CI=true} that fails instead ({@code .ci/run} installs both).
 */
final class Chromium {

    static final Path SCREENSHOTS = Path.of("target", "browser");

    private Chromium() {
    }

    static ChromeDriver start() {
        String browser = find("chromium");
        String driver = find("chromedriver");
        if (browser == null || driver == null) {
            String missing = (browser == null ? "chromium " : "") + (driver == null ? "chromedriver" : "");
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but no " + missing.trim() + " on the PATH: apt-get install -y chromium chromium-driver");
            }
            Assumptions.abort("no " + missing.trim() + " on the PATH: the browser tests are skipped (apt-get install -y chromium chromium-driver)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("channelbox-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the page shows as {@code target/browser/<name>.png}. */
    static void screenshot(ChromeDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
