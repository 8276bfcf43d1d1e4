// End to end in headless Chromium: a reader comments, a second visitor does not see it,
// a moderator edits and approves it, the reader sees the edit marked, a reported comment
// is removed. Run by the Rust test `e2e` with:
//   node moderation.mjs BASE_URL MODERATOR PASSWORD SCREENSHOT_DIR
// and DATELINE_NODE_MODULES pointing to the folder that holds playwright-core.
import { createRequire } from "node:module";

const require = createRequire(process.env.DATELINE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [base, moderator, password, shots] = process.argv.slice(2);
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
  // A reader posts a comment with JavaScript off, as the form must work without it.
  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await reader.goto(base + article);
  await reader.fill("#comment-name", "E2E Reader");
  await reader.fill("#comment-text", "Original words of the reader <b>not bold</b>");
  await reader.check("#comment-terms");
  await reader.waitForTimeout(1500);
  await Promise.all([reader.waitForNavigation(), reader.click(".comment-form button[type=submit]")]);
  const own = await reader.textContent(".comment-own");
  check(own.includes("Awaiting moderation") && own.includes("Original words of the reader <b>not bold</b>"),
        "the reader sees their comment awaiting moderation, as plain text");
  check((await reader.textContent(".comment-received")).includes("will appear after a moderator approves it"),
        "the reader is told the comment awaits a moderator");
  await reader.screenshot({ path: shots + "/1-reader-pending.png", fullPage: true });

  // A second visitor does not see it.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(base + article);
  check(!(await visitor.content()).includes("Original words of the reader"), "a second visitor does not see the pending comment");

  // The moderator signs in, finds it in the queue, edits and approves it.
  const console_ = await (await browser.newContext()).newPage();
  await console_.goto(base + "/admin/login");
  await console_.fill("#name", moderator);
  await console_.fill("#password", password);
  await Promise.all([console_.waitForNavigation(), console_.click("button[type=submit]")]);
  await console_.goto(base + "/admin/comments");
  await console_.screenshot({ path: shots + "/2-queue.png", fullPage: true });
  const item = console_.locator(".console-item", { hasText: "Original words of the reader" });
  check(await item.count() === 1, "the moderator finds the comment in the queue");
  check((await item.innerHTML()).includes("&lt;b&gt;not bold&lt;/b&gt;"), "the console shows the markup as text");
  await Promise.all([console_.waitForNavigation(), item.locator("a[data-key=e]").click()]);
  await console_.fill("textarea[name=text]", "Edited words of the reader");
  await Promise.all([console_.waitForNavigation(), console_.click("button[value=edit]")]);
  check((await console_.textContent(".console-flash")).includes("is now approved"), "the edit is saved and the comment published");

  // The reader's page shows the edited comment, marked.
  await reader.goto(base + article);
  const published = await reader.content();
  check(published.includes("Edited words of the reader") && published.includes("Edited by a moderator"),
        "the reader sees the edited comment with its marker");
  await reader.screenshot({ path: shots + "/3-reader-edited.png", fullPage: true });

  // Keyboard shortcuts: j then a approves the next pending comment.
  const second = await (await browser.newContext()).newPage();
  await second.goto(base + article);
  await second.fill("#comment-name", "Second Reader");
  await second.fill("#comment-text", "A comment approved with the keyboard");
  await second.check("#comment-terms");
  await second.waitForTimeout(1500);
  await Promise.all([second.waitForNavigation(), second.click(".comment-form button[type=submit]")]);
  await console_.goto(base + "/admin/comments");
  await console_.keyboard.press("j");
  await Promise.all([console_.waitForNavigation(), console_.keyboard.press("a")]);
  await visitor.goto(base + article);
  check((await visitor.content()).includes("A comment approved with the keyboard"), "j, a approves the comment in focus");

  // A visitor reports the edited comment; the moderator removes it.
  const reported = visitor.locator("article.comment", { hasText: "Edited words of the reader" });
  await Promise.all([visitor.waitForNavigation(), reported.locator("a.comment-report").click()]);
  check((await visitor.content()).includes("Edited words of the reader"), "the report page shows the comment it reports");
  await visitor.locator("textarea[name=reason]").fill("It repeats a rumour");
  await Promise.all([visitor.waitForNavigation(), visitor.locator("form.report-form button").click()]);
  check((await visitor.content()).includes("A moderator will review this comment."), "the report is acknowledged");
  await console_.goto(base + "/admin/comments?state=reported");
  const flagged = console_.locator(".console-item", { hasText: "Edited words of the reader" });
  check((await flagged.textContent()).includes("It repeats a rumour"), "the report reason is in the reported queue");
  // No reason is chosen in advance: removing without one asks for it, and nothing is sent.
  const reason = flagged.locator("select[name^=reason-]");
  check((await reason.inputValue()) === "", "no removal reason is chosen in advance");
  await flagged.locator("button[value=reject]").click();
  check(await reason.evaluate((select) => select.matches(":invalid")), "removing without a reason asks for one");
  check(console_.url().includes("state=reported"), "nothing was sent without a reason");
  await reason.selectOption("off-topic");
  await Promise.all([console_.waitForNavigation(), flagged.locator("button[value=reject]").click()]);
  check(/#(c\d+|queue)$/.test(console_.url()), "after the decision the moderator lands on the next item");
  await visitor.goto(base + article);
  check(!(await visitor.content()).includes("Edited words of the reader"), "the reported comment is removed from the page");
  await visitor.screenshot({ path: shots + "/4-after-removal.png", fullPage: true });
} finally {
  await browser.close();
}
