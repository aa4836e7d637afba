package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TempFolders;
import io.whapi.mediarouter.support.Webhooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.TestPropertySource;

/**
 * The console page in a real browser, Debian's headless Chromium driven by Selenium: an operator
 * logs in, sees a dead letter, replays it once the cause is fixed, finds it stored, and erases it
 * from the form.
 */
@TestPropertySource(
        properties = {
            "spring.security.user.name=operator",
            "spring.security.user.password=console-pw",
            "media.erasure.receipt-secret=console-receipt-secret"
        })
class ConsoleBrowserTest extends ConnectorTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Path browserFolder;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() {
        assertThat(CHROMIUM)
                .as("Debian's chromium and chromium-driver packages (bash .ci/run installs them)")
                .exists();
        browserFolder = TempFolders.create("chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + browserFolder.resolve("profile"));
        // the driver and the browser keep their temp files in that folder, deleted after
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(Map.of("TMPDIR", browserFolder.toString()))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        TempFolders.delete(browserFolder);
    }

    @Test
    void anOperatorReplaysADeadLetterFromThePageAndFindsTheMediaStored() throws Exception {
        WHAPI.onGateway("jpeg-console-replay", Behaviour.NOT_FOUND);
        postAndAwait(webhooks.image("console-replay"), 1);

        browser.get("http://operator:console-pw@127.0.0.1:" + managementPort + "/console/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-id='ORCHID-Q7K2P_console-replay']")));
        assertThat(row.getText()).contains("console-replay", "404");
        assertThat(browser.findElement(By.id("dead-letter-count")).getText()).isNotEqualTo("0");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sinks"), "file UP"));
        screenshot("console.png");

        // the cause is fixed: the media is back at the gateway
        WHAPI.reset();
        completionsReset();
        row.findElement(By.cssSelector("button.replay")).click();
        awaitProcessed(1);
        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("console-replay"))))
                .isEqualTo(SampleMedia.bytes("jpeg-console-replay", 25950));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("tr[data-id='ORCHID-Q7K2P_console-replay']")));

        browser.findElement(By.id("search-channel")).clear();
        browser.findElement(By.id("search-channel")).sendKeys("ORCHID-Q7K2P");
        browser.findElement(By.id("search-message")).sendKeys("console-replay");
        browser.findElement(By.cssSelector("#search button")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("provenance-state"), "data-state", "stored"));
        assertThat(browser.findElement(By.id("provenance")).getText())
                .contains("sink file", Webhooks.imageKey("console-replay"), "replayed", "operator");
        screenshot("console-provenance.png");

        // then erased from the form: gone from the sink, the list shows it done with its receipt
        new Select(browser.findElement(By.id("erasure-kind"))).selectByValue("messageIds");
        browser.findElement(By.id("erasure-value")).sendKeys("console-replay");
        browser.findElement(By.id("erasure-channel")).sendKeys("ORCHID-Q7K2P");
        browser.findElement(By.cssSelector("#erasure button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("erasure-result"), "erasure "));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#erasures td.state"), "done"));
        assertThat(stored(Webhooks.imageKey("console-replay"))).doesNotExist();
        // the list re-renders while it polls the erasure: each read by its locator, never through
        // an element found before a re-render (a StaleElementReference in a CI run)
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#erasures tr summary"), "receipt"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#erasures tr"), "operator"));
        screenshot("console-erasure.png");
    }

    /** Into target/, for a look at what the operator saw; docs/console.png is one of them. */
    private void screenshot(String name) throws Exception {
        // bytes, not FILE: Selenium would leave that file in the system temp folder
        Files.write(Path.of("target", name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
