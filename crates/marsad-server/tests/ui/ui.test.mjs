// Browser tests of the Marsad web UI: headless Debian Chromium driven by
// playwright-core (no browser download). Run by ../ui.rs, which builds a
// store (example articles + hostile ones) and starts the server:
//
//   node ui.test.mjs --base http://127.0.0.1:PORT/ --screenshots DIR
//
// Every check is a named test; the run ends with "N passed, N failed" and
// exits non-zero on any failure. A JS dialog (alert/confirm/prompt), a
// console error or an uncaught page error anywhere fails the run: the hostile
// articles try to open dialogs through every field.

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const args = parseArgs(process.argv.slice(2));
const BASE = (args.base ?? "http://127.0.0.1:8791/").replace(/\/?$/, "/");
const SHOTS = args.screenshots ?? "/tmp/marsad-ui-screenshots";
const CHROMIUM = process.env.MARSAD_CHROMIUM ?? "/usr/bin/chromium";
mkdirSync(SHOTS, { recursive: true });

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  return out;
}

// ---------------------------------------------------------------------------
// A tiny sequential harness

const results = [];
const dialogs = [];
const consoleErrors = [];

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

async function apiJson(path) {
  const response = await fetch(new URL(`api/${path}`, BASE));
  assert(response.ok, `GET /api/${path} → ${response.status}`);
  return response.json();
}

// ---------------------------------------------------------------------------
// Checks shared by every view

/** Nothing from the data became markup: no element or attribute the UI never makes itself. */
async function assertNoInjection(page, where) {
  const found = await page.evaluate(() => {
    const bad = [];
    const scripts = [...document.querySelectorAll("script")];
    if (scripts.length !== 1 || !scripts[0].src.endsWith("/assets/app.js")) bad.push(`scripts: ${scripts.map((s) => s.src || "inline").join(",")}`);
    for (const tag of ["img", "iframe", "object", "embed", "style", "body svg[onload]", "base", "meta[http-equiv]", "form[action]"]) {
      const n = document.querySelectorAll(tag).length;
      if (n) bad.push(`${n} × ${tag}`);
    }
    for (const node of document.querySelectorAll("*")) {
      for (const attr of node.attributes) {
        // (Inline style attributes are inert under the CSP, and the browser
        // itself writes some, so only script-bearing attributes count.)
        if (/^on/i.test(attr.name) || attr.name === "srcdoc" || attr.name === "formaction") bad.push(`${node.tagName}[${attr.name}]`);
      }
    }
    for (const a of document.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      if (!/^(#|https?:)/.test(href)) bad.push(`a[href=${href}]`);
    }
    return bad;
  });
  assert(found.length === 0, `${where}: injected markup: ${found.join("; ")}`);
}

/** Decodes a PNG in a blank page (no CSP there) and measures it: distinct colours and the share of non-background pixels. */
async function measurePng(helperPage, png, clip) {
  const dataUrl = `data:image/png;base64,${png.toString("base64")}`;
  return helperPage.evaluate(async ({ dataUrl, clip }) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement("canvas");
    const x = clip?.x ?? 0;
    const y = clip?.y ?? 0;
    const w = clip?.width ?? image.width;
    const h = clip?.height ?? image.height;
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext("2d");
    context.drawImage(image, x, y, w, h, 0, 0, w, h);
    const { data } = context.getImageData(0, 0, w, h);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      // 4 bits per channel: anti-aliasing noise does not inflate the count.
      const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const total = w * h;
    const background = Math.max(...counts.values());
    return { width: w, height: h, colours: counts.size, nonBackground: (total - background) / total };
  }, { dataUrl, clip });
}

async function screenshotWithContent(page, helperPage, name, { minColours = 8, minNonBackground = 0.03, clipSelector } = {}) {
  const file = join(SHOTS, `${name}.png`);
  const png = await page.screenshot({ path: file, fullPage: false });
  let clip;
  if (clipSelector) {
    const box = await page.locator(clipSelector).first().boundingBox();
    assert(box, `${clipSelector} has a box`);
    const viewport = page.viewportSize();
    clip = {
      x: Math.max(0, Math.floor(box.x)), y: Math.max(0, Math.floor(box.y)),
      width: Math.min(Math.floor(box.width), viewport.width - Math.floor(box.x)),
      height: Math.min(Math.floor(box.height), viewport.height - Math.floor(box.y)),
    };
  }
  const measured = await measurePng(helperPage, png, clip);
  console.log(`     screenshot ${file}: ${measured.width}×${measured.height}, ${measured.colours} colours, ${(measured.nonBackground * 100).toFixed(1)}% non-background`);
  assert(measured.colours >= minColours, `${name}: only ${measured.colours} distinct colours (blank?)`);
  assert(measured.nonBackground >= minNonBackground, `${name}: ${(measured.nonBackground * 100).toFixed(2)}% non-background pixels (blank?)`);
  return measured;
}

async function go(page, hash, readySelector) {
  await page.goto(new URL(hash, BASE).href);
  if (readySelector) await page.locator(readySelector).first().waitFor({ state: "attached", timeout: 15000 });
}

// ---------------------------------------------------------------------------
// The run

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // Playwright gives every launch a fresh, empty profile (user data dir).
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ar", deviceScaleFactor: 1 });
const page = await context.newPage();
const helperPage = await browser.newPage(); // decodes screenshots; never loads our pages
page.on("dialog", async (dialog) => {
  dialogs.push(`${dialog.type()}: ${dialog.message()}`);
  await dialog.dismiss().catch(() => {});
});
page.on("console", (message) => {
  if (message.type() === "error") consoleErrors.push(`${message.text()} @ ${page.url()}`);
});
page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message} @ ${page.url()}`));

const stats = await apiJson("stats");
const allDocuments = await apiJson("documents?limit=200");
const hostile = allDocuments.filter((d) => d.ext_id.startsWith("hostile-"));
console.log(`store: ${stats.documents} documents (${hostile.length} hostile), ${stats.events} events`);

await test("home page: latest documents and first-page load time", async () => {
  await go(page, "", "#latest-documents li");
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const ready = performance.getEntriesByName("marsad:view-ready")[0];
    return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, viewReady: ready ? ready.startTime : null };
  });
  console.log(`     first page load: load event ${timing.load.toFixed(0)} ms, DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms, home view ready ${timing.viewReady?.toFixed(0)} ms`);
  const items = await page.locator("#latest-documents li").count();
  assert(items >= 5, `latest documents listed (${items})`);
  assert((await page.getAttribute("html", "dir")) === "rtl", "page is RTL");
  await assertNoInjection(page, "home");
  await screenshotWithContent(page, helperPage, "home");
});

let firstHitDocId = null;
await test("search with a filter: ranked results with highlighted matches, paging", async () => {
  await go(page, "#/search", '[data-route="search"] #search-form');
  await page.fill("#search-q", "القوات");
  await page.selectOption("#search-form select[name=event]", "RETREAT");
  await page.click("#search-form button[type=submit]");
  await page.locator("#results li").first().waitFor({ timeout: 15000 });
  assert(page.url().includes("event=RETREAT"), `the filter is in the URL: ${page.url()}`);
  const marks = await page.locator("#results mark").allTextContents();
  assert(marks.length > 0, "highlighted matches");
  // Whole tokens are highlighted, clitics and inflections included (القوات، وقوات، للقوات، قوة).
  assert(marks.every((m) => m.includes("قو")), `every highlight is a form of the query word: ${marks.join(" | ")}`);
  // The filter really filters: every hit has a RETREAT event in the API.
  const api = await apiJson(`search?q=${encodeURIComponent("القوات")}&event=RETREAT&limit=50`);
  const all = await apiJson(`search?q=${encodeURIComponent("القوات")}&limit=50`);
  assert(api.total <= all.total, "filtered total is at most the unfiltered one");
  assert((await page.locator("#results li").count()) === Math.min(20, api.total), "one list item per hit on the page");
  const href = await page.locator("#results li h3 a").first().getAttribute("href");
  firstHitDocId = /#\/doc\/(\d+)/.exec(href)?.[1];
  assert(firstHitDocId, `hit links to an article: ${href}`);
  assert(href.includes("hl="), "the link carries the highlights");
  await assertNoInjection(page, "search");
  await screenshotWithContent(page, helperPage, "search");
});

await test("article view: verbatim RTL text with layers, hover and focus details, panels", async () => {
  await page.locator("#results li h3 a").first().click();
  await page.locator("#article-text .seg").first().waitFor({ timeout: 15000 });
  const doc = await apiJson(`documents/${firstHitDocId}`);
  // The rendered paragraphs are the verbatim text (newlines are the paragraph breaks).
  const rendered = await page.$$eval("#article-text p", (ps) => ps.map((p) => p.textContent).join(""));
  assert(rendered === doc.text.replace(/\n/g, ""), "the article text is rendered verbatim");
  assert((await page.locator("#article-text .seg.hl").count()) > 0, "search matches are highlighted in the article");
  const layers = doc.layers;
  const entity = layers.entities.find((e) => e.latin) ?? layers.entities[0];
  assert(entity, "the article has entities");
  const segment = page.locator(`#article-text .seg.ent[data-start="${entity.start}"]`).first();
  await segment.hover();
  const tip = page.locator("#tip");
  await tip.waitFor({ state: "visible" });
  const tipText = await tip.textContent();
  assert(tipText.includes(entity.canonical ?? entity.text), `hover shows the canonical name ${entity.canonical}: ${tipText}`);
  if (entity.latin) assert(tipText.includes(entity.latin), `hover shows the latin name ${entity.latin}`);
  const place = layers.places.find((p) => typeof p.lat === "number");
  if (place) {
    await page.mouse.move(0, 0);
    await page.locator(`#article-text .seg.place[data-start="${place.start}"]`).first().focus();
    const placeTip = await tip.textContent();
    assert(await tip.isVisible(), "focus (keyboard) shows the tooltip too");
    assert(placeTip.includes(place.lat.toFixed(3)) && placeTip.includes(place.country ?? ""), `place tooltip has coordinates and country: ${placeTip}`);
  }
  const time = layers.times.find((t) => t.value);
  if (time) {
    await page.locator(`#article-text .seg.time[data-start="${time.start}"]`).first().focus();
    assert((await tip.textContent()).includes(time.value), "time tooltip shows the TIMEX3 value");
  }
  const event = layers.events[0];
  if (event) {
    const trigger = event.mentions?.[0] ?? event.trigger;
    await page.locator(`#article-text .seg.trigger[data-start="${trigger.start}"]`).first().focus();
    assert((await tip.textContent()).includes(event.type), "event tooltip shows the PLOVER type");
  }
  for (const id of ["#panel-entities", "#panel-places", "#panel-times", "#panel-quotes", "#panel-events"]) {
    assert(await page.locator(id).isVisible(), `${id} panel`);
  }
  assert((await page.locator("#panel-entities li").count()) > 0, "entity panel lists entities");
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await assertNoInjection(page, "article");
  await screenshotWithContent(page, helperPage, "article");
});

await test("every stored article renders verbatim, with a segment at the start of every span", async () => {
  // Overlapping and nested spans are cut at every boundary: whatever the
  // layers, the paragraphs must give the text back and every span must begin
  // a highlighted segment.
  for (const ref of allDocuments) {
    await go(page, `#/doc/${ref.doc_id}`, `#article-text[data-doc-id="${ref.doc_id}"]`);
    const doc = await apiJson(`documents/${ref.doc_id}`);
    const rendered = await page.$$eval("#article-text p", (ps) => ps.map((p) => p.textContent).join(""));
    assert(rendered === doc.text.replace(/\n/g, ""), `document ${ref.doc_id} renders verbatim`);
    const starts = new Set(await page.$$eval("#article-text .seg[tabindex]", (segs) => segs.map((s) => Number(s.dataset.start))));
    const textLength = Array.from(doc.text).length;
    for (const layer of ["entities", "places", "times", "quotes"]) {
      for (const span of doc.layers[layer] ?? []) {
        if (span.end > span.start && span.end <= textLength && Array.from(doc.text)[span.start] !== "\n") {
          assert(starts.has(span.start), `document ${ref.doc_id}: ${layer} span at ${span.start} starts a segment`);
        }
      }
    }
  }
});

await test("entity page: aliases, timeline, co-mentioned links, quotes and events", async () => {
  const entities = await apiJson("entities?limit=50");
  assert(entities.length > 0, "the store has merged entities");
  // The entity with the most documents, reached by clicking through the list.
  await go(page, "#/entities", "#entity-list li a");
  await page.locator("#entity-list li a").first().click();
  await page.locator("#entity-name").waitFor({ timeout: 15000 });
  const name = await page.locator("#entity-name").textContent();
  assert(name.includes(entities[0].canonical), `entity page of ${entities[0].canonical}: ${name}`);
  for (const id of ["#entity-aliases", "#entity-timeline", "#entity-co", "#entity-quotes", "#entity-events", "#entity-documents"]) {
    assert(await page.locator(id).isVisible(), `${id} section`);
  }
  assert((await page.locator("#entity-documents li").count()) > 0, "the entity's documents are listed");
  const co = page.locator("#entity-co li a");
  if (await co.count()) {
    await co.first().click();
    await page.waitForFunction((n) => !document.querySelector("#entity-name")?.textContent.includes(n) || false, entities[0].canonical, { timeout: 15000 });
    await page.locator("#entity-name").waitFor();
  }
  await assertNoInjection(page, "entity");
  await screenshotWithContent(page, helperPage, "entity");
});

await test("entity link from an article's panel reaches the merged entity page", async () => {
  await go(page, `#/doc/${firstHitDocId}`, `#article-text[data-doc-id="${firstHitDocId}"]`);
  await page.locator("#panel-entities li a").first().click();
  await page.waitForURL(/#\/entity\//, { timeout: 15000 });
  await page.locator("#entity-name").waitFor({ timeout: 15000 });
});

await test("map: country outlines, place circles, click shows the place's documents", async () => {
  await go(page, "#/map", "#map path.country");
  await page.locator("#map circle.dot").first().waitFor({ timeout: 15000 });
  const countries = await page.locator("#map path.country").count();
  const dots = await page.locator("#map circle.dot").count();
  assert(countries > 150, `country outlines drawn (${countries})`);
  assert(dots >= 1, `place circles drawn (${dots})`);
  const visibleDot = page.locator("#map circle.dot").last();
  await visibleDot.click({ force: true });
  await page.locator("#map-info h2").waitFor({ timeout: 15000 });
  assert(page.url().includes("place="), "the selected place is in the URL");
  await page.locator("#map-info h3").first().waitFor();
  await assertNoInjection(page, "map");
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotWithContent(page, helperPage, "map", { minColours: 4, minNonBackground: 0.1, clipSelector: "#map" });
  // Zoom changes the view box.
  const before = await page.getAttribute("#map", "viewBox");
  await page.click(".map-controls button >> nth=0");
  assert((await page.getAttribute("#map", "viewBox")) !== before, "zoom in changes the view box");
});

await test("timeline: bars per day and type, click a bar lists that day's events", async () => {
  await go(page, "#/timeline", "#timeline-chart rect.bar");
  const bars = await page.locator("#timeline-chart rect.bar").count();
  assert(bars >= 1, `bars drawn (${bars})`);
  const bar = page.locator("#timeline-chart rect.bar").first();
  const date = await bar.getAttribute("data-date");
  // Bars of neighbouring days may overlap (3 px minimum width): click this one, not whatever is on top.
  await bar.dispatchEvent("click");
  await page.locator("#timeline-info .event").first().waitFor({ timeout: 15000 });
  assert(page.url().includes(`day=${date}`), "the selected day is in the URL");
  await assertNoInjection(page, "timeline");
  await screenshotWithContent(page, helperPage, "timeline", { clipSelector: "#timeline-chart", minColours: 3, minNonBackground: 0.005 });
});

await test("timeline by month: bars sum a month's days and a click lists that month's events", async () => {
  await go(page, "#/timeline?by=month", "#timeline-chart rect.bar");
  assert((await page.getAttribute("#timeline-chart", "data-by")) === "month", "the chart is binned by month");
  const bars = page.locator("#timeline-chart rect.bar");
  const starts = await bars.evaluateAll((rects) => rects.map((r) => r.getAttribute("data-date")));
  assert(starts.every((d) => d.endsWith("-01")), `every bar starts on the first of a month (${starts})`);
  const bar = bars.first();
  const date = await bar.getAttribute("data-date");
  await bar.dispatchEvent("click");
  await page.locator("#timeline-info .event").first().waitFor({ timeout: 15000 });
  assert(page.url().includes(`day=${date}`) && page.url().includes("by=month"), "the selected month is in the URL");
  const heading = await page.textContent("#timeline-info h2");
  assert(heading.includes(date) && heading.includes("←"), `the heading names the month's range (${heading})`);
});

await test("timeline over a long span: empty stretches become marked breaks, no bar or tick inside one", async () => {
  // Day bars over every date the examples give (years apart): the empty
  // months between them must not take the width.
  await go(page, "#/timeline?all=1&by=day", "#timeline-chart rect.bar");
  const found = await page.evaluate(() => {
    const chart = document.querySelector("#timeline-chart");
    const breaks = [...chart.querySelectorAll(".axis-break")].map((g) => [g.dataset.from, g.dataset.to]);
    const bars = [...chart.querySelectorAll("rect.bar")].map((r) => [r.dataset.date, Number(r.getAttribute("x"))]);
    const ticks = [...chart.querySelectorAll("text.tick")].map((t) => t.textContent).filter((t) => /^\d{4}-\d\d-\d\d$/.test(t));
    return { breaks, bars, ticks };
  });
  assert(found.breaks.length >= 1, `at least one break on a multi-year day axis (${found.breaks.length})`);
  for (const [from, to] of found.breaks) {
    assert(from <= to, `a break runs forwards (${from} ← ${to})`);
    assert(!found.bars.some(([d]) => d >= from && d <= to), `no bar inside the break ${from} ← ${to}`);
    assert(!found.ticks.some((d) => d >= from && d <= to), `no date tick inside the break ${from} ← ${to}`);
  }
  // Right to left in date order, inside the chart.
  const sorted = [...found.bars].sort((a, b) => a[0].localeCompare(b[0]) || b[1] - a[1]);
  for (let i = 1; i < sorted.length; i++) {
    assert(sorted[i][1] <= sorted[i - 1][1] + 1e-6, `later days stand further left (${sorted[i - 1][0]} then ${sorted[i][0]})`);
  }
  assert(found.bars.every(([, x]) => x >= 0 && x <= 1000), "every bar inside the chart");
  await screenshotWithContent(page, helperPage, "timeline-breaks", { clipSelector: "#timeline-chart", minColours: 3, minNonBackground: 0.005 });
});

await test("situation board: places with current state, history and evidence linking to articles", async () => {
  await go(page, "#/board", '[data-route="board"]');
  const board = await apiJson("board");
  if (board.places.length === 0) {
    console.log("     (the board is empty for this store)");
  } else {
    await page.locator("#board-places .board-place").first().waitFor({ timeout: 15000 });
    assert((await page.locator("#board-places .board-place").count()) === board.places.length, "one card per place");
    await page.locator("#board-places .board-place h2 a").first().click();
    await page.locator(".board-place").first().waitFor();
    const evidence = page.locator(".board-place .evidence a");
    if (await evidence.count()) assert(/#\/doc\/\d+\?hl=\d+-\d+/.test(await evidence.first().getAttribute("href")), "evidence links to the article at the sentence");
  }
  await assertNoInjection(page, "board");
  await screenshotWithContent(page, helperPage, "board");
});

await test("stories: list and story page", async () => {
  await go(page, "#/stories", '[data-route="stories"]');
  const stories = await apiJson("stories?limit=5");
  if (stories.length) {
    await page.locator("#story-list li a").first().click();
    await page.locator("main .grid").waitFor({ timeout: 15000 });
  }
  await assertNoInjection(page, "stories");
  await screenshotWithContent(page, helperPage, "stories");
});

await test("hostile articles: markup shows as text, no injected element, no dialog", async () => {
  assert(hostile.length === 3, `the three hostile articles are stored (${hostile.length})`);
  for (const doc of hostile) {
    await go(page, `#/doc/${doc.doc_id}`, `#article-text[data-doc-id="${doc.doc_id}"]`);
    const full = await apiJson(`documents/${doc.doc_id}`);
    const title = await page.locator("#doc-title").textContent();
    assert(title === full.title, `the title shows as text: ${JSON.stringify(title)}`);
    const rendered = await page.$$eval("#article-text p", (ps) => ps.map((p) => p.textContent).join(""));
    assert(rendered === full.text.replace(/\n/g, ""), "hostile body shows verbatim as text");
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
    assert(!links.some((h) => /^(javascript|data):/i.test(h)), `no javascript:/data: link: ${links.filter((h) => !h.startsWith("#"))}`);
    await assertNoInjection(page, `hostile ${doc.ext_id}`);
  }
  const script = hostile.find((d) => d.ext_id === "hostile-script");
  await go(page, `#/doc/${script.doc_id}`, `#article-text[data-doc-id="${script.doc_id}"]`);
  assert((await page.locator("#doc-url-text").textContent()) === "javascript:alert(1)", "a javascript: URL is shown as text, not linked");
  const bodyText = await page.locator("#article-text").textContent();
  assert(bodyText.includes("<script>alert(1)</script>"), "the script tag is visible as text");
  await screenshotWithContent(page, helperPage, "hostile-article");
  // The hostile strings also reach the lists: home, search results, events.
  for (const [hash, selector] of [["", "#latest-documents li"], [`#/search?q=${encodeURIComponent("عين الأسد")}`, "#results li"], ["#/events", '[data-route="events"]'], ["#/stories", '[data-route="stories"]'], ["#/entities", '[data-route="entities"]']]) {
    await go(page, hash, selector);
    await assertNoInjection(page, `list ${hash || "home"}`);
  }
  const bidi = hostile.find((d) => d.ext_id === "hostile-bidi");
  await go(page, `#/doc/${bidi.doc_id}`, `#article-text[data-doc-id="${bidi.doc_id}"]`);
  assert((await page.locator("#doc-title bdi").textContent()).includes("\u202E"), "the bidi override stays text, isolated in <bdi>");
});

await test("no dialog, console error or page error during the whole run", async () => {
  await page.waitForTimeout(300);
  assert(dialogs.length === 0, `dialogs fired: ${dialogs.join("; ")}`);
  assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join("; ")}`);
});

await browser.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`screenshots in ${SHOTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
