// End to end in headless Chromium: moderation at scale as a moderator sees it. Readers send
// comments through the API; the moderator decides them in the console's queue; the score
// learns from those decisions; a new comment is then scored, the queue sorted by score puts
// the likely rejection first, and its page says why; a campaign of copies is kept to one.
// Run by the Rust test `e2e` with:
//   node scale.mjs BASE_URL USER PASSWORD SCREENSHOT_DIR
// and DATELINE_NODE_MODULES pointing to the folder that holds playwright-core.
import { createRequire } from "node:module";

const require = createRequire(process.env.DATELINE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [base, user, password, shots] = process.argv.slice(2);
const api = base + "/api/v1/articles/english/yeonpo-river-flood-relief";

function check(condition, message) {
  if (!condition) {
    console.error("FAILED: " + message);
    process.exitCode = 1;
    throw new Error(message);
  }
  console.log("ok - " + message);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Sends comments through the API, each as a new reader; returns their ids.
async function send(texts) {
  const forms = [];
  for (const text of texts) {
    const form = await (await fetch(api + "/comment-form")).json();
    forms.push({ text, token: form.form_token });
  }
  await sleep(1200); // the form's minimum time before sending
  const ids = [];
  for (const { text, token } of forms) {
    const response = await fetch(api + "/comments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Reader", text, accept_terms: true, form_token: token }),
    });
    check(response.status === 202, "sent: " + text.slice(0, 30) + " (" + response.status + ")");
    ids.push((await response.json()).id);
  }
  return ids;
}

const fine = [
  "Thank you for the report on the flood, it was careful and fair",
  "The flood reached our street last night, the water came up fast",
  "Good to see the flood reporting asking officials hard questions",
  "My grandmother remembers the flood of 1998 in the same place",
  "Could you write more about how the flood relief money is counted?",
  "The photo of the market under the flood water says a lot",
  "Thanks for reporting on the flood from the villages too",
  "We need more stories like this one about the flood in our region",
  "The flood translation reads well and the facts are clear",
  "I disagree with the minister about the flood but the story is balanced",
  "Our school is closed until the flood goes down, stay safe everyone",
  "The volunteers at the flood levee deserve a story of their own",
];
const spam = [
  "CHEAP PILLS buy now at the pills shop, best price, click here",
  "Earn money from home, click here for cheap offers",
  "buy cheap watches, best price, click here today",
  "Free money!!! click here to win a prize now",
  "cheap loans for everyone, click here and earn",
  "best price pills, buy now, free shipping, click here",
  "win free prize money, click here, offer ends today",
  "make money fast, cheap offer, click here on my page",
  "buy now!!! cheap cheap cheap, best price ever, click here",
  "click here for free pills and cheap loans",
  "casino bonus, free spins, click here and win money",
  "cheap followers and likes, buy now, click here, best price",
];

await send(fine.concat(spam));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(base + "/admin/login");
  await page.fill("#name", user);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

  // The moderator decides the readers' comments, a search at a time, with the bulk form.
  async function decideAll(search, action, reason) {
    await page.goto(base + "/admin/comments?per_page=100&select=all&q=" + encodeURIComponent(search));
    await page.selectOption("select[name=bulk_action]", action);
    if (reason) await page.selectOption("select[name=bulk_reason]", reason);
    await Promise.all([page.waitForNavigation(), page.click(".console-bulk button[type=submit]")]);
  }
  await decideAll("click here", "reject", "spam");
  await decideAll("flood", "approve");
  await sleep(2500); // every node's worker learns the decisions within a second

  const [likelySpam] = await send(["cheap pills and free money, click here for the best price"]);
  await send(["A careful report on the flood, thank you to the reporters"]);
  await sleep(2500); // …and scores new comments within a second

  await page.goto(base + "/admin/comments?sort=score");
  const first = page.locator(".console-item").first();
  check((await first.getAttribute("data-comment")) === String(likelySpam), "sorted by score, the likely rejection comes first");
  const label = await first.locator(".console-label").filter({ hasText: "score:" }).first().textContent();
  check(Number(label.split(":")[1]) >= 0.9, "it carries its score as a label: " + label);
  await page.screenshot({ path: shots + "/scale-1-queue-by-score.png", fullPage: false });

  await page.goto(base + "/admin/comments/" + likelySpam);
  const why = await page.textContent(".console-score");
  check(why.includes("The features that weighed most") && why.includes("toward rejection"), "its page says why");
  await page.locator(".console-score").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots + "/scale-2-why.png", fullPage: false });

  // A campaign: the same message from three readers, disguised.
  const copies = await send([
    "The flood relief money was stolen by local officials, share this before it is deleted",
    "The fl\u043e\u043ed relief money was st0len by local officials!!! share this before it is deleted",
    "THE FLOOD RELIEF MONEY WAS STOLEN BY LOCAL OFFICIALS, please share this before it is deleted",
  ]);
  await sleep(2500);
  await page.goto(base + "/admin/comments/" + copies[0]);
  const campaign = await page.locator(".console-label").filter({ hasText: "campaign:" }).first().textContent();
  await page.goto(base + "/admin/comments?state=all&label=" + encodeURIComponent(campaign));
  check((await page.textContent(".console-campaign")).includes("Campaign: 3 similar comments from 3 commenters"),
    "the queue sums the campaign up");
  await page.check("input[name=campaign_action][value=keep]");
  await page.fill("input[name=keep]", String(copies[0]));
  await page.screenshot({ path: shots + "/scale-3-campaign.png", fullPage: false });
  await Promise.all([page.waitForNavigation(), page.click(".console-campaign-actions button[type=submit]")]);
  check((await page.textContent("body")).includes("Kept comment " + copies[0] + "; rejected 2 other(s)"),
    "keep one: the others are rejected as copies");

  await page.goto(base + "/admin/services");
  check(await page.isVisible("form[action='/admin/services/english/defences']"), "the services page has each service's defences");
  await page.locator("form[action='/admin/services/english/defences']").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots + "/scale-4-defences.png", fullPage: false });
  check(errors.length === 0, "no script error: " + errors.join("; "));
} finally {
  await browser.close();
}
