// End to end in headless Chromium: a service in attack mode. A reader with JavaScript
// sends a comment at once — the form's script fetched a challenge and proved work — and
// the time the proof took is printed; a reader without JavaScript is told to wait.
// Run by the Rust test `e2e` with:
//   node attack.mjs BASE_URL SCREENSHOT_DIR
// and DATELINE_NODE_MODULES pointing to the folder that holds playwright-core.
import { createRequire } from "node:module";

const require = createRequire(process.env.DATELINE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [base, shots] = process.argv.slice(2);
const article = "/english/2026/10/yeonpo-river-flood-relief";

function check(condition, message) {
  if (!condition) {
    console.error("FAILED: " + message);
    process.exitCode = 1;
    throw new Error(message);
  }
  console.log("ok - " + message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const reader = await (await browser.newContext()).newPage();
  const errors = [];
  reader.on("pageerror", (error) => errors.push(String(error)));
  reader.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  await reader.goto(base + article);
  check((await reader.textContent("#comment-attack")).includes("Many comments are arriving"), "the form says the service is flooded");
  await reader.fill("#comment-name", "Proving Reader");
  await reader.fill("#comment-text", "Sent with a proof of work");
  await reader.check("#comment-terms");
  await reader.waitForSelector("form.comment-form[data-proof-ms]", { timeout: 60000 });
  const ms = Number(await reader.getAttribute("form.comment-form", "data-proof-ms"));
  console.log("proof of work took " + ms + " ms");
  await reader.waitForTimeout(1200);
  await Promise.all([reader.waitForNavigation(), reader.click(".comment-form button[type=submit]")]);
  check(reader.url().includes("received="), "the comment with a proof is received at once");
  check(errors.length === 0, "no script error: " + errors.join("; "));
  await reader.screenshot({ path: shots + "/attack-1-received.png", fullPage: false });

  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(base + article);
  await plain.fill("#comment-name", "Plain Reader");
  await plain.fill("#comment-text", "Sent without JavaScript, too soon");
  await plain.check("#comment-terms");
  await plain.waitForTimeout(1200);
  await Promise.all([plain.waitForNavigation(), plain.click(".comment-form button[type=submit]")]);
  const refused = await plain.textContent(".form-errors");
  check(refused.includes("Please wait"), "without JavaScript, sending too soon asks for the wait");
  check((await plain.inputValue("#comment-text")) === "Sent without JavaScript, too soon", "what was typed is kept");
  await plain.locator("#form-errors").scrollIntoViewIfNeeded();
  await plain.screenshot({ path: shots + "/attack-2-wait.png", fullPage: false });
} finally {
  await browser.close();
}
