// The desk end to end in headless Chromium, with JavaScript off (every action must work
// without it): a reporter writes a Korean story with a phone photo (GPS and camera data in
// it) and submits it; an editor sends it back, then publishes it; a translator makes the
// English version; the editor publishes that; a reader finds both pages with their credit
// lines, linked by hreflang, and a photo without EXIF; a correction to the Korean story shows
// its notice and flags the English one. Run by the Rust test `e2e` with:
//   node desk.mjs BASE_URL PASSWORD PHOTO SCREENSHOT_DIR
// and DATELINE_NODE_MODULES pointing to the folder that holds playwright-core.
import { createRequire } from "node:module";

const require = createRequire(process.env.DATELINE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [base, password, photo, shots] = process.argv.slice(2);

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

async function signIn(name, javaScriptEnabled = false) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + "/admin/login");
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  return page;
}

async function press(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

try {
  // The reporter writes and submits.
  const reporter = await signIn("e2e-reporter");
  await reporter.goto(base + "/admin/stories/new?service=korean");
  await reporter.fill("#headline", "한강 홍수 피해 복구 시작");
  await reporter.fill("#summary", "서울시가 복구 작업에 나섰다.");
  await reporter.fill("#body", "물이 빠지자 주민들이 돌아왔다.\n\n## 복구\n\n시는 임시 숙소를 열었다.");
  await reporter.fill("#tags", "홍수, 한강");
  await reporter.fill("input[name=credit_names] >> nth=0", "김지원");
  await press(reporter, "button[value=create]");
  const storyUrl = reporter.url().split("?")[0];
  check(/\/admin\/stories\/\d+$/.test(storyUrl), "the reporter's story is saved as a draft");
  await reporter.setInputFiles("#photo-file", photo);
  await reporter.fill("#photo-alt", "강변에 쌓인 모래주머니");
  await reporter.fill("#photo-caption", "복구 작업이 시작된 강변");
  await reporter.fill("#photo-credit", "김지원");
  await press(reporter, "text=Upload and use");
  check((await reporter.content()).includes("The photo is the story"), "the photo is uploaded as the lead photo");
  await press(reporter, "button[value=submit]");
  check((await reporter.textContent(".story-status")).includes("in review"), "the story is submitted for review");

  // The editor sends it back, the reporter answers, the editor publishes.
  const editor = await signIn("e2e-editor");
  await editor.goto(base + "/admin/stories?status=in_review");
  await editor.screenshot({ path: shots + "/desk-1-story-list.png", fullPage: true });
  await press(editor, "text=한강 홍수 피해 복구 시작");
  await editor.fill("#note", "출처를 밝혀 주세요.");
  await press(editor, "button[value=send_back]");
  await reporter.goto(storyUrl);
  check((await reporter.textContent(".story-note")).includes("출처를 밝혀 주세요."), "the reporter reads the editor's note");
  await reporter.fill("#body", "물이 빠지자 주민들이 돌아왔다고 서울시가 밝혔다.\n\n## 복구\n\n시는 임시 숙소를 열었다.");
  await press(reporter, "button[value=save]");
  await press(reporter, "button[value=submit]");
  await editor.goto(storyUrl);
  await editor.screenshot({ path: shots + "/desk-2-editor.png", fullPage: true });
  await press(editor, "button[value=publish]");
  const koreanPath = await editor.getAttribute("text=On the site", "href");
  check(koreanPath && koreanPath.startsWith("/korean/"), "the editor publishes the Korean story");

  // The translator makes the English version; the editor publishes it.
  const translator = await signIn("e2e-translator");
  await translator.goto(storyUrl);
  await translator.selectOption("select[name=service]", "english");
  await press(translator, "text=Start a translation");
  const translationUrl = translator.url().split("?")[0];
  check((await translator.content()).includes("시는 임시 숙소를 열었다."), "the translator sees the source beside the editor");
  await translator.fill("#headline", "Seoul begins flood recovery along the Han");
  await translator.fill("#summary", "The city opened temporary shelters.");
  await translator.fill("#body", "Residents returned as the water fell, the city said.\n\n## Recovery\n\nThe city opened temporary shelters.");
  await translator.fill("#tags", "Floods");
  await press(translator, "button[value=save]");
  await press(translator, "button[value=submit]");
  await editor.goto(translationUrl);
  await press(editor, "button[value=publish]");
  const englishPath = await editor.getAttribute("text=On the site", "href");
  check(englishPath && englishPath.startsWith("/english/"), "the editor publishes the English version");

  // A reader finds both, linked, credited, and a clean photo.
  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await reader.goto(base + koreanPath);
  const korean = await reader.content();
  check((await reader.textContent(".credit-line")).includes("김지원"), "the Korean page credits its reporter");
  check(korean.includes('hreflang="en"'), "the Korean page links its English version");
  await reader.screenshot({ path: shots + "/desk-3-korean-page.png", fullPage: true });
  const src = await reader.getAttribute("figure img", "src");
  const bytes = Buffer.from(await (await reader.request.get(base + src)).body());
  check(bytes.length > 0 && !bytes.includes("Exif") && !bytes.includes("C39XK1234"), "the served photo carries no EXIF or camera serial");
  await reader.goto(base + englishPath);
  const credits = await reader.textContent(".credit-line");
  check(credits.includes("Reported by 김지원 for the Korean Service") && credits.includes("Translated by e2e-translator"),
        "the English page's credit line: " + credits);
  check((await reader.content()).includes('hreflang="ko"'), "the English page links the Korean original");

  // A correction to the Korean story: its notice, and the English version flagged.
  await editor.goto(storyUrl);
  await editor.fill("#correction", "이전 기사에서 숙소 수를 잘못 적었습니다.");
  await press(editor, "button[value=correct]");
  await reader.goto(base + koreanPath);
  check((await reader.textContent(".corrections")).includes("이전 기사에서 숙소 수를 잘못 적었습니다."), "the correction notice is on the Korean page");
  await editor.goto(base + "/admin/stories?changed=1");
  check((await editor.content()).includes("Seoul begins flood recovery along the Han"), "the English version is flagged: its source changed");
  await editor.screenshot({ path: shots + "/desk-4-source-changed.png", fullPage: true });

  // With JavaScript on, a draft saves itself while its writer types.
  const writer = await signIn("e2e-reporter", true);
  await writer.goto(base + "/admin/stories/new?service=korean");
  await writer.fill("#headline", "저절로 저장되는 초안");
  await writer.fill("#body", "첫 문단.");
  await press(writer, "button[value=create]");
  const draftUrl = writer.url().split("?")[0];
  await writer.type("#body", "\n\n아무 버튼도 누르지 않은 둘째 문단.");
  await writer.waitForFunction(() => document.querySelector(".story-autosave").textContent.includes("Saved automatically"),
                               null, { timeout: 40000 });
  await writer.goto(draftUrl);
  check((await writer.inputValue("#body")).includes("아무 버튼도 누르지 않은 둘째 문단."), "a draft saves itself while its writer types");
  await writer.fill("#summary", "버튼으로 저장한 요약.");
  await press(writer, "button[value=save]");
  check((await writer.content()).includes("Saved."), "a save after an automatic one is no conflict");
} finally {
  await browser.close();
}
