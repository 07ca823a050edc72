package org.docbridge.it;

import java.io.File;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its own chromedriver (naming the driver keeps
 * Selenium Manager from downloading anything). Missing, it fails the test loudly: the browser tests
 * prove what a browser does and must never pass by not running.
 */
final class Chromium {

    static final File BROWSER = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final File DRIVER = new File(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    static ChromeDriver start() {
        return start(null);
    }

    /** The browser asking for pages in {@code acceptLanguage} (e.g. "it-IT,it"), or its default when null. */
    static ChromeDriver start(String acceptLanguage) {
        for (File needed : new File[] {BROWSER, DRIVER}) {
            if (!needed.canExecute()) {
                throw new IllegalStateException(needed + " is missing: install Debian's browser with 'apt-get install "
                        + "--no-install-recommends chromium chromium-driver' (.ci/run does it)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic");
        if (acceptLanguage != null) {
            options.addArguments("--lang=" + acceptLanguage.split(",")[0]);
            options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", acceptLanguage));
        }
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort()
                .build(), options);
    }
}
