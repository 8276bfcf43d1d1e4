// End to end in headless Chromium: a page of another site (http://localhost:PORT, another
// site than the server's http://127.0.0.1:PORT, served by the browser's request
// interception) carries Dateline's comments in an iframe. A
// reader without JavaScript comments through the frame; a moderator approves it in the
// console; a reader with JavaScript sees it in a frame sized to its content. Run by the
// Rust test `e2e` with:
//   node embed.mjs BASE_URL MODERATOR PASSWORD SCREENSHOT_DIR
// and DATELINE_NODE_MODULES pointing to the folder that holds playwright-core.
import { createRequire } from "node:module";

const require = createRequire(process.env.DATELINE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [base, moderator, password, shots] = process.argv.slice(2);
const host = base.replace("//127.0.0.1:", "//localhost:");
const page = host + "/news/levee-repairs.html";
const frameSrc = base + "/embed/english?url=" + encodeURIComponent(page) + "&title=" + encodeURIComponent("Levee repairs");
const hostPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Levee repairs — Example News</title>
<style>body { font: 18px/1.5 Georgia, serif; max-width: 40rem; margin: 2rem auto; } footer { border-top: 1px solid #999; }</style>
</head><body>
<h1>Levee repairs finished before the rains</h1>
<p>Example News keeps its own CMS; its comments come from Dateline.</p>
<iframe data-dateline-comments title="Comments" style="width: 100%; height: 300px; border: 0" src="${frameSrc}"></iframe>
<script src="${base}/static/embed.js" async></script>
<footer><p>Example News footer</p></footer>
</body></html>`;

function check(condition, message) {
  if (!condition) {
    console.error("FAILED: " + message);
    process.exitCode = 1;
    throw new Error(message);
  }
  console.log("ok - " + message);
}

async function hostContext(browser, options) {
  const context = await browser.newContext(options);
  // Chromium asks before a page frames a server on a loopback address; a reader of a real
  // newsroom's page reaches Dateline on a public address and is never asked.
  await context.grantPermissions(["local-network-access"]);
  await context.route(host + "/news/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: hostPage }));
  return context;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  // A reader without JavaScript: the frame is a plain page with a plain form.
  const reader = await (await hostContext(browser, { javaScriptEnabled: false })).newPage();
  await reader.goto(page);
  const frame = reader.frameLocator("iframe[data-dateline-comments]");
  await frame.locator("#comment-name").fill("Frame Reader");
  await frame.locator("#comment-text").fill("Comment sent from a page of another site");
  await frame.locator("#comment-terms").check();
  await reader.waitForTimeout(1500);
  await frame.locator(".comment-form button[type=submit]").click();
  const inner = reader.frames().find((f) => f.url().includes("/embed/english"));
  await inner.waitForURL(/received=\d+/);
  check(reader.url() === page, "the host page stays where it is; only the frame moved");
  check(inner.url().includes("received="), "the comment was received through the frame");
  check((await frame.locator(".comment-received").textContent()).includes("will appear after a moderator approves it"),
        "the frame tells the reader the comment awaits a moderator");
  await reader.screenshot({ path: shots + "/embed-1-sent-without-javascript.png", fullPage: true });

  // The moderator approves it in the console, like any comment.
  const console_ = await (await browser.newContext()).newPage();
  await console_.goto(base + "/admin/login");
  await console_.fill("#name", moderator);
  await console_.fill("#password", password);
  await Promise.all([console_.waitForNavigation(), console_.click("button[type=submit]")]);
  await console_.goto(base + "/admin/comments");
  const item = console_.locator(".console-item", { hasText: "Comment sent from a page of another site" });
  check(await item.count() === 1, "the moderator finds the embed's comment in the queue");
  check((await item.textContent()).includes("Levee repairs"), "the queue names the page's story by its title");
  await Promise.all([console_.waitForNavigation(), item.locator("button[value=approve]").click()]);

  // A reader with JavaScript: the frame grows to its content, the comment is there.
  const visitor = await (await hostContext(browser, {})).newPage();
  await visitor.goto(page);
  const iframe = visitor.locator("iframe[data-dateline-comments]");
  await visitor.waitForFunction(() => {
    const f = document.querySelector("iframe[data-dateline-comments]");
    return f && f.style.height !== "300px";
  });
  const box = await iframe.boundingBox();
  const height = box.height;
  const content = visitor.frameLocator("iframe[data-dateline-comments]");
  check((await content.locator(".comment-thread").textContent()).includes("Comment sent from a page of another site"),
        "the approved comment shows in the frame");
  const form = await content.locator(".comment-form").boundingBox();
  check(height > 300 && form && form.y + form.height <= box.y + box.height + 1,
        `the frame is as tall as its content (${Math.round(height)}px), the form inside it`);
  await visitor.screenshot({ path: shots + "/embed-2-with-javascript.png", fullPage: true });
} finally {
  await browser.close();
}
