// axe-core (from npm) in headless Chromium, on the pages readers and moderators use, in
// every edition and at a phone's width: any WCAG 2.1 A/AA or best-practice violation
// fails. Run by the Rust test `e2e` with:
//   node accessibility.mjs BASE_URL ADMIN PASSWORD
// and DATELINE_NODE_MODULES pointing to the folder that holds playwright-core and axe-core.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(process.env.DATELINE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const axe = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, admin, password] = process.argv.slice(2);

const pages = [
  "/", "/english/", "/korean/", "/mandarin/", "/uyghur/", "/vietnamese/",
  "/english/2026/10/yeonpo-river-flood-relief", "/korean/2026/10/yeonpo-gang-hongsu-guho",
  "/mandarin/2026/10/rongzhou-shiyue-gaowen", "/uyghur/2026/11/yeshilkol-qurghaqchiliq",
  "/vietnamese/2026/11/lang-chai-cua-rang-sau-bao", "/lite/korean/2026/10/yeonpo-gang-hongsu-guho",
  "/english/terms", "/english/people/kim-soo-jin", "/my/comments", "/no-such-page",
  "/admin", "/admin/comments", "/admin/comments?state=all", "/admin/bans", "/admin/audit",
  "/admin/users", "/admin/services", "/admin/account", "/admin/stories", "/admin/media",
  "/admin/people", "/admin/tokens",
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failures = 0;
try {
  for (const width of [1280, 390]) {
    // The pages forbid inline scripts (CSP); the checker is injected past it.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(base + "/admin/login");
    await page.fill("input[name=name]", admin);
    await page.fill("input[name=password]", password);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    for (const path of pages) {
      await page.goto(base + path);
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(() => axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      }));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      for (const v of result.violations) {
        failures += 1;
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
        console.error(`FAILED: ${path} at ${width}px: ${v.id} (${v.impact}) ${where}`);
      }
      if (overflow > 0) {
        failures += 1;
        console.error(`FAILED: ${path} at ${width}px scrolls sideways by ${overflow}px`);
      }
      if (!result.violations.length && overflow <= 0) console.log(`ok - ${path} at ${width}px`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exitCode = failures ? 1 : 0;
