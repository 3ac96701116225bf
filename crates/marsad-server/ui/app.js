// Marsad web UI: one plain ES module, no framework, no build step.
//
// Invariants (the server's Content-Security-Policy enforces the first two):
// - No inline script or style: everything is in this file and app.css.
// - Data from the store (article text, titles, names, URLs) only ever enters
//   the page through DOM nodes and textContent, never innerHTML; links get
//   an href only from our own routes or from an http(s) URL checked by
//   safeExternalUrl().
// - Offsets from the API are Unicode code points; JS strings are UTF-16, so
//   text is indexed through Array.from(text) (one element per code point).
// - Every view has a URL (hash routing): #/search?q=…, #/doc/12?hl=5-9, …

const PAGE_SIZE = 20;

/** PLOVER event types with their Arabic names (the order of the legend). */
const EVENT_KINDS = [
  ["AGREE", "اتفاق"], ["CONSULT", "تشاور"], ["SUPPORT", "دعم"], ["CONCEDE", "تنازل"],
  ["COOPERATE", "تعاون"], ["AID", "مساعدة"], ["RETREAT", "انسحاب"], ["REQUEST", "طلب"],
  ["ACCUSE", "اتهام"], ["REJECT", "رفض"], ["THREATEN", "تهديد"], ["PROTEST", "احتجاج"],
  ["SANCTION", "عقوبات"], ["MOBILIZE", "تعبئة"], ["COERCE", "إكراه"], ["ASSAULT", "هجوم"],
];
const KIND_NAMES = new Map(EVENT_KINDS);
const KNOWN_KINDS = new Set(EVENT_KINDS.map(([k]) => k));

const LABEL_NAMES = { PER: "شخص", ORG: "منظمة", LOC: "مكان", MISC: "أخرى" };
const ATTRIBUTE_NAMES = { holder: "الجهة المسيطرة", security: "الأمن", presence: "الوجود العسكري" };
const TIME_TYPES = { DATE: "تاريخ", TIME: "وقت", DURATION: "مدة", SET: "تكرار" };

// ---------------------------------------------------------------------------
// DOM helpers

/**
 * Builds an element. `props`: class, text, href (internal or checked), and
 * any other attribute (never "style", never an event-handler attribute).
 * Children: nodes, strings (become text nodes), arrays, null (skipped).
 */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  setProps(node, props);
  append(node, children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setProps(node, props);
  append(node, children);
  return node;
}

function setProps(node, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key.startsWith("on") || key === "style") throw new Error(`refusing attribute ${key}`);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

/** A link to one of our own views. */
function link(route, ...children) {
  return el("a", { href: route }, ...children);
}

/** An outside URL is linked only when it is http(s); anything else (javascript:, data:…) stays text. */
function safeExternalUrl(url) {
  if (typeof url !== "string" || url.length > 2048) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Code points of a string (API offsets count these). */
function codePoints(text) {
  return Array.from(text ?? "");
}

function fmtNumber(n) {
  return typeof n === "number" ? n.toLocaleString("ar-u-nu-latn") : "";
}

function fmtCoord(lat, lon) {
  if (typeof lat !== "number" || typeof lon !== "number") return "";
  return `${lat.toFixed(3)}°، ${lon.toFixed(3)}°`;
}

function kindName(kind) {
  return KIND_NAMES.get(kind) ?? kind ?? "";
}

function kindBadge(kind) {
  const known = KNOWN_KINDS.has(kind) ? kind : "OTHER";
  return el("span", { class: ["kind", `k-${known}`], title: kind ?? "" }, kindName(kind));
}

function labelBadge(label) {
  const known = LABEL_NAMES[label] ? label : "MISC";
  return el("span", { class: ["label", known] }, LABEL_NAMES[label] ?? label ?? "");
}

/** Children for `.meta`: empty values dropped. */
function metaLine(...parts) {
  // Each part isolated (<bdi>): a source name with bidi controls or stray
  // brackets cannot reorder its neighbours.
  return el("div", { class: "meta" }, parts.filter((p) => p !== null && p !== undefined && p !== "")
    .map((p) => el("span", null, p instanceof Node ? p : el("bdi", null, p))));
}

/** A date or code (ASCII digits and dashes) kept left-to-right inside Arabic text. */
function ltrText(value) {
  return el("bdi", { dir: "ltr" }, value);
}

function docRoute(docId, start, end) {
  return start === undefined ? `#/doc/${docId}` : `#/doc/${docId}?hl=${start}-${end}`;
}

function entityRoute(id) {
  return `#/entity/${encodeURIComponent(id)}`;
}

function entityByNameRoute(name, label) {
  return `#/entity-by-name?${new URLSearchParams({ name, label: label ?? "" })}`;
}

function sourceRefItem(ref) {
  return el("li", null,
    link(docRoute(ref.doc_id), el("bdi", null, ref.title || ref.ext_id || `#${ref.doc_id}`)),
    metaLine(ref.source, ref.date));
}

function errorBox(message) {
  return el("p", { class: "error", role: "alert" }, message);
}

// ---------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET /api/<path> with the non-empty params; resolves to the JSON body. */
async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const qs = query.toString();
  const response = await fetch(`/api/${path}${qs ? `?${qs}` : ""}`, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.error) || `HTTP ${response.status}`);
  }
  return body;
}

/** Like api() but a failure becomes `fallback` (for optional side panels). */
async function apiOr(fallback, path, params) {
  try {
    return await api(path, params);
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------
// Router

const routes = [
  [/^$/, viewHome, "home"],
  [/^search$/, viewSearch, "search"],
  [/^doc\/(\d+)$/, viewDocument, null],
  [/^entities$/, viewEntities, "entities"],
  [/^entity\/(.+)$/, viewEntity, "entities"],
  [/^entity-by-name$/, viewEntityByName, "entities"],
  [/^events$/, viewEvents, "events"],
  [/^map$/, viewMap, "map"],
  [/^timeline$/, viewTimeline, "timeline"],
  [/^board$/, viewBoard, "board"],
  [/^board\/(.+)$/, viewBoardPlace, "board"],
  [/^stories$/, viewStories, "stories"],
  [/^story\/(\d+)$/, viewStory, "stories"],
];

let renderSerial = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  return { path, params };
}

/** Replaces the URL (no re-render): for selections inside a view (map place, timeline day). */
function replaceParams(path, params) {
  const qs = new URLSearchParams([...params].filter(([, v]) => v !== "")).toString();
  history.replaceState(null, "", `#/${path}${qs ? `?${qs}` : ""}`);
}

function navigate(path, params) {
  const qs = new URLSearchParams([...Object.entries(params ?? {})].filter(([, v]) => v !== "" && v !== null && v !== undefined)).toString();
  location.hash = `#/${path}${qs ? `?${qs}` : ""}`;
}

async function render() {
  const serial = ++renderSerial;
  const { path, params } = parseHash();
  const view = document.getElementById("view");
  hideTip();
  for (const [pattern, handler, nav] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === nav);
    // data-route says which view is on screen (tests wait for it; hash changes are not page loads).
    const container = el("div", { class: "view", "data-route": path });
    try {
      await handler(container, params, ...match.slice(1).map(decodeURIComponent));
    } catch (error) {
      clear(container);
      container.append(errorBox(error instanceof ApiError && error.status === 404 ? "غير موجود." : `تعذّر التحميل: ${error.message}`));
    }
    if (serial !== renderSerial) return; // a newer navigation won
    clear(view);
    view.append(container);
    if (typeof container.afterMount === "function") container.afterMount();
    performance.mark("marsad:view-ready");
    return;
  }
  clear(view);
  view.append(el("h1", null, "الصفحة غير موجودة"), link("#/", "العودة إلى الرئيسية"));
}

// ---------------------------------------------------------------------------
// Home

async function viewHome(root) {
  const [stats, documents, stories] = await Promise.all([
    apiOr(null, "stats"),
    apiOr([], "documents", { limit: 15 }),
    apiOr([], "stories", { limit: 10 }),
  ]);
  root.append(el("h1", null, "مرصد الأخبار"));
  if (stats) {
    root.append(el("div", { class: "stats" },
      stat("وثيقة", stats.documents), stat("إشارة", stats.mentions), stat("حدث", stats.events),
      stat("مصدر", (stats.sources ?? []).length)));
  }
  root.append(el("div", { class: "grid" },
    el("section", { class: "card" }, el("h2", null, "أحدث الوثائق"),
      documents.length ? el("ul", { class: "list", id: "latest-documents" }, documents.map(sourceRefItem)) : el("p", { class: "empty" }, "لا وثائق بعد.")),
    el("section", { class: "card" }, el("h2", null, "أحدث القصص"),
      stories.length ? el("ul", { class: "list" }, stories.map(storyItem)) : el("p", { class: "empty" }, "لا قصص بعد."))));
}

function stat(label, value) {
  return el("div", { class: "stat" }, el("b", null, fmtNumber(value ?? 0)), label);
}

// ---------------------------------------------------------------------------
// Search

const SEARCH_FILTERS = [
  ["from", "من تاريخ", "date"], ["to", "إلى تاريخ", "date"], ["source", "المصدر", "source"],
  ["entity", "كيان", "text"], ["place", "مكان", "text"], ["country", "الدولة (رمز)", "text"], ["event", "نوع الحدث", "kind"],
];

async function viewSearch(root, params) {
  const stats = await apiOr(null, "stats");
  const form = el("form", { class: "filters card", id: "search-form", role: "search" });
  const q = el("input", { type: "search", name: "q", id: "search-q", value: params.get("q") ?? "", placeholder: "كلمات أو \"عبارة\"" });
  form.append(el("label", null, "نص البحث", q));
  for (const [name, label, kind] of SEARCH_FILTERS) {
    let input;
    if (kind === "source") {
      input = el("select", { name }, el("option", { value: "" }, "الكل"),
        (stats?.sources ?? []).map(([source, count]) => el("option", { value: source }, `${source} (${fmtNumber(count)})`)));
    } else if (kind === "kind") {
      input = kindSelect(name);
    } else {
      input = el("input", { type: kind === "date" ? "date" : "text", name, size: kind === "text" ? 12 : null });
    }
    input.value = params.get(name) ?? "";
    form.append(el("label", null, label, input));
  }
  form.append(el("button", { type: "submit" }, "بحث"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    navigate("search", values);
  });
  root.append(el("h1", null, "البحث"), form);

  const hasQuery = [...params.keys()].some((k) => k !== "offset" && params.get(k));
  if (!hasQuery) {
    root.append(el("p", { class: "empty" }, "اكتب كلمات للبحث، أو اختر مرشحًا."));
    return;
  }
  const offset = Math.max(0, parseInt(params.get("offset") ?? "0", 10) || 0);
  const query = { q: params.get("q"), limit: PAGE_SIZE, offset };
  for (const [name] of SEARCH_FILTERS) query[name] = params.get(name);
  const results = await api("search", query);
  root.append(el("p", { class: "meta", id: "search-total" }, `${fmtNumber(results.total)} نتيجة`));
  const list = el("ol", { class: "list", id: "results", start: offset + 1 });
  for (const hit of results.hits) list.append(searchHit(hit));
  root.append(list);
  root.append(pager(results.total, offset, (newOffset) => navigate("search", { ...Object.fromEntries(params), offset: newOffset || "" })));
}

function kindSelect(name, selected) {
  const select = el("select", { name }, el("option", { value: "" }, "الكل"),
    EVENT_KINDS.map(([kind, arabic]) => el("option", { value: kind }, `${arabic} (${kind})`)));
  select.value = selected ?? "";
  return select;
}

function searchHit(hit) {
  const highlights = (hit.highlights ?? []).slice(0, 30);
  const hl = highlights.map(([s, e]) => `${s}-${e}`).join(",");
  const route = `#/doc/${hit.doc_id}${hl ? `?hl=${hl}` : ""}`;
  return el("li", { class: "hit" },
    el("h3", null, link(route, el("bdi", null, hit.title || hit.ext_id || `#${hit.doc_id}`))),
    el("p", { class: "snippet" }, highlightedSnippet(hit.snippet ?? "", hit.snippet_range ?? [0, 0], highlights)),
    metaLine(hit.source, hit.date, hit.score ? `الدرجة ${hit.score.toFixed(2)}` : ""));
}

/** The snippet with <mark>s: highlights are document code points; the snippet starts at snippet_range[0]. */
function highlightedSnippet(snippet, [snippetStart], highlights) {
  const chars = codePoints(snippet);
  const marks = highlights
    .map(([s, e]) => [Math.max(0, s - snippetStart), Math.min(chars.length, e - snippetStart)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out = [];
  let at = 0;
  for (const [s, e] of marks) {
    if (s < at) continue; // overlapping highlight: the first one wins
    if (s > at) out.push(chars.slice(at, s).join(""));
    out.push(el("mark", null, chars.slice(s, e).join("")));
    at = e;
  }
  if (at < chars.length) out.push(chars.slice(at).join(""));
  return out;
}

function pager(total, offset, go) {
  const prev = el("button", { type: "button", class: "secondary", disabled: offset <= 0 }, "السابق");
  const next = el("button", { type: "button", class: "secondary", disabled: offset + PAGE_SIZE >= total }, "التالي");
  prev.addEventListener("click", () => go(Math.max(0, offset - PAGE_SIZE)));
  next.addEventListener("click", () => go(offset + PAGE_SIZE));
  const last = Math.min(total, offset + PAGE_SIZE);
  return el("div", { class: "pager" }, prev, el("span", { class: "meta" }, total ? `${fmtNumber(offset + 1)}–${fmtNumber(last)} من ${fmtNumber(total)}` : ""), next);
}

// ---------------------------------------------------------------------------
// Article view

/**
 * Spans of every layer the article view highlights, each with the classes
 * it adds and a function that describes it in the tooltip.
 */
function collectSpans(layers, textLength) {
  const spans = [];
  const add = (start, end, classes, describe, layer, index) => {
    if (!Number.isInteger(start) || !Number.isInteger(end)) return;
    const s = Math.max(0, Math.min(start, textLength));
    const e = Math.max(0, Math.min(end, textLength));
    if (e > s) spans.push({ start: s, end: e, classes, describe, layer, index });
  };
  (layers.entities ?? []).forEach((entity, i) =>
    add(entity.start, entity.end, ["ent", `ent-${LABEL_NAMES[entity.label] ? entity.label : "MISC"}`], () => describeEntity(entity), "entities", i));
  (layers.places ?? []).forEach((place, i) => add(place.start, place.end, ["place"], () => describePlace(place), "places", i));
  (layers.times ?? []).forEach((time, i) => add(time.start, time.end, ["time"], () => describeTime(time), "times", i));
  (layers.quotes ?? []).forEach((quote, i) => add(quote.start, quote.end, ["quote"], () => describeQuote(quote), "quotes", i));
  (layers.events ?? []).forEach((event, i) => {
    const mentions = event.mentions?.length ? event.mentions : event.trigger ? [event.trigger] : [];
    for (const mention of mentions) add(mention.start, mention.end, ["trigger"], () => describeEvent(event), "events", i);
  });
  return spans;
}

function tipRow(title, ...lines) {
  return el("div", { class: "tip-row" }, el("b", null, title), lines.filter(Boolean).map((line) => el("div", null, line)));
}

function describeEntity(entity) {
  return tipRow(`${LABEL_NAMES[entity.label] ?? entity.label}: ${entity.canonical || entity.text}`,
    entity.latin ? el("span", { class: "ltr", lang: "en" }, entity.latin) : null,
    entity.canonical && entity.canonical !== entity.text ? `النص: ${entity.text}` : null,
    entity.nationality ? `الجنسية: ${entity.nationality}` : null);
}

function describePlace(place) {
  return tipRow(`مكان: ${place.name || place.text}`,
    [place.kind, place.country, place.admin1].filter(Boolean).join(" · "),
    fmtCoord(place.lat, place.lon),
    place.gazetteer_id ? `المعرّف: ${place.gazetteer_id}` : null);
}

function describeTime(time) {
  return tipRow(`${TIME_TYPES[time.type] ?? "زمن"}: ${time.text}`, time.value ? el("span", { class: "ltr" }, `TIMEX3 ${time.value}`) : null);
}

function describeQuote(quote) {
  const speaker = quote.speaker ? quote.speaker.canonical || quote.speaker.text : "غير معروف";
  return tipRow(quote.direct ? "اقتباس مباشر" : "اقتباس غير مباشر", `المتحدث: ${speaker}`, quote.cue ? `فعل القول: ${quote.cue.text}` : null);
}

function participantName(p) {
  return p ? p.canonical || p.resolved || p.text : null;
}

function eventFlags(event) {
  const flags = [];
  if (event.planned) flags.push("مخطط له");
  if (event.negated) flags.push("منفي");
  if (event.hypothetical) flags.push("افتراضي");
  if (event.reported) flags.push("منقول");
  return flags;
}

function describeEvent(event) {
  return tipRow(`حدث: ${kindName(event.type)} (${[event.type, event.mode, event.subtype].filter(Boolean).join(" / ")})`,
    event.actor ? `الفاعل: ${participantName(event.actor)}` : null,
    event.recipient ? `المستهدف: ${participantName(event.recipient)}` : null,
    event.place ? `المكان: ${participantName(event.place)}` : null,
    event.date || event.time ? `الزمن: ${event.date ?? participantName(event.time)}` : null,
    eventFlags(event).length ? `صفات: ${eventFlags(event).join("، ")}` : null);
}

/** Code point ranges of the paragraphs (text between runs of newlines). */
function paragraphRanges(chars) {
  const ranges = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i === chars.length || chars[i] === "\n") {
      if (i > start) ranges.push([start, i]);
      start = i + 1;
    }
  }
  return ranges;
}

/**
 * The article text as paragraphs of segments: the text is cut at every span
 * boundary, and each segment carries the classes of all spans covering it
 * (so overlapping spans stack). Returns the container and a lookup from
 * (layer, index) to the segment elements, for the side panels.
 */
function renderAnnotatedText(text, spans, highlightRanges) {
  const chars = codePoints(text);
  const container = el("div", { class: "article-text", id: "article-text", lang: "ar", dir: "rtl" });
  const segmentsOf = new Map();
  const highlights = highlightRanges.filter(([s, e]) => e > s);
  for (const [pStart, pEnd] of paragraphRanges(chars)) {
    const cuts = new Set([pStart, pEnd]);
    const inside = spans.filter((span) => span.start < pEnd && span.end > pStart);
    for (const span of inside) {
      cuts.add(Math.max(pStart, span.start));
      cuts.add(Math.min(pEnd, span.end));
    }
    for (const [s, e] of highlights) {
      if (s < pEnd && e > pStart) {
        cuts.add(Math.max(pStart, s));
        cuts.add(Math.min(pEnd, e));
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    const paragraph = el("p", null);
    for (let i = 0; i + 1 < points.length; i++) {
      const [s, e] = [points[i], points[i + 1]];
      const segmentText = chars.slice(s, e).join("");
      const covering = inside.filter((span) => span.start <= s && span.end >= e);
      const highlighted = highlights.some(([hs, he]) => hs <= s && he >= e);
      if (!covering.length && !highlighted) {
        paragraph.append(segmentText);
        continue;
      }
      const classes = new Set(["seg"]);
      for (const span of covering) span.classes.forEach((c) => classes.add(c));
      if (highlighted) classes.add("hl");
      const segment = el("span", { class: [...classes], "data-start": s, "data-end": e }, segmentText);
      if (covering.length) {
        segment.tabIndex = 0;
        segment.spans = covering;
        for (const span of covering) {
          const key = `${span.layer}:${span.index}`;
          if (!segmentsOf.has(key)) segmentsOf.set(key, []);
          segmentsOf.get(key).push(segment);
        }
      }
      paragraph.append(segment);
    }
    container.append(paragraph);
  }
  // One listener for all segments: hover and keyboard focus show the tooltip.
  const show = (event) => {
    const segment = event.target.closest?.(".seg");
    if (segment && segment.spans) showTip(segment, segment.spans);
  };
  container.addEventListener("mouseover", show);
  container.addEventListener("focusin", show);
  container.addEventListener("mouseout", (event) => {
    if (!event.relatedTarget || !event.relatedTarget.closest?.(".seg")) hideTip();
  });
  container.addEventListener("focusout", hideTip);
  return { container, segmentsOf };
}

function showTip(anchor, spans) {
  const tip = document.getElementById("tip");
  clear(tip);
  // Innermost (shortest) spans first: the entity before the quote around it.
  const ordered = [...spans].sort((a, b) => (a.end - a.start) - (b.end - b.start));
  const seen = new Set();
  for (const span of ordered) {
    const key = `${span.layer}:${span.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tip.append(span.describe());
  }
  tip.hidden = false;
  anchor.setAttribute("aria-describedby", "tip");
  const box = anchor.getBoundingClientRect();
  const width = tip.offsetWidth;
  // CSSOM assignments are allowed by the CSP (only style attributes in markup are not).
  let left = box.right + window.scrollX - width;
  left = Math.max(window.scrollX + 4, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 4));
  tip.style.left = `${left}px`;
  tip.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function hideTip() {
  const tip = document.getElementById("tip");
  if (tip) tip.hidden = true;
}

function parseHighlightParam(value) {
  if (!value) return [];
  return value.split(",").map((part) => part.split("-").map((n) => parseInt(n, 10)))
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e) && e > s).slice(0, 200);
}

async function viewDocument(root, params, id) {
  const doc = await api(`documents/${id}`);
  const layers = doc.layers ?? {};
  const text = doc.text ?? layers.text ?? "";
  const chars = codePoints(text);
  const spans = collectSpans(layers, chars.length);
  const highlightRanges = parseHighlightParam(params.get("hl"));
  const { container, segmentsOf } = renderAnnotatedText(text, spans, highlightRanges);
  container.dataset.docId = String(doc.id);

  const url = safeExternalUrl(doc.url);
  root.append(el("h1", { id: "doc-title" }, el("bdi", null, doc.title || doc.ext_id || `#${doc.id}`)));
  root.append(metaLine(doc.source, doc.date, doc.ext_id,
    url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", class: "ltr" }, "المصدر الأصلي")
      : doc.url ? el("span", { class: "ltr", id: "doc-url-text" }, doc.url) : null));
  root.append(el("div", { class: "legend", "aria-label": "مفتاح الألوان" },
    el("span", { class: "seg ent ent-PER" }, "شخص"), el("span", { class: "seg ent ent-ORG" }, "منظمة"),
    el("span", { class: "seg ent ent-LOC" }, "موقع"), el("span", { class: "seg ent ent-MISC" }, "أخرى"),
    el("span", { class: "seg place" }, "مكان محدد"), el("span", { class: "seg time" }, "زمن"),
    el("span", { class: "seg quote" }, "اقتباس"), el("span", { class: "seg trigger" }, "حدث")));

  const focusSpan = (key) => {
    const segments = segmentsOf.get(key);
    if (!segments?.length) return;
    for (const s of document.querySelectorAll(".focus-target")) s.classList.remove("focus-target");
    segments.forEach((s) => s.classList.add("focus-target"));
    segments[0].scrollIntoView({ block: "center" });
    segments[0].focus({ preventScroll: true });
  };
  const side = el("aside", { class: "side", "aria-label": "طبقات التحليل" }, documentPanels(doc, layers, focusSpan));
  root.append(el("div", { class: "layout" }, el("article", null, container), side));

  root.afterMount = () => {
    const first = container.querySelector(".hl");
    if (first) first.scrollIntoView({ block: "center" });
  };
}

function panel(title, id, items, empty) {
  return el("section", { class: "card", id },
    el("h2", null, `${title} (${fmtNumber(items.length)})`),
    items.length ? el("ul", { class: "list" }, items) : el("p", { class: "empty" }, empty ?? "لا شيء."));
}

function panelButton(label, onClick) {
  const button = el("button", { type: "button", class: "link" }, label);
  button.addEventListener("click", onClick);
  return button;
}

function documentPanels(doc, layers, focusSpan) {
  const panels = [];
  // Entities grouped by their in-document id (or canonical name): one line each with a count.
  const groups = new Map();
  (layers.entities ?? []).forEach((entity, i) => {
    const key = entity.entity_id || `${entity.label}:${entity.canonical || entity.text}`;
    if (!groups.has(key)) groups.set(key, { entity, indexes: [] });
    groups.get(key).indexes.push(i);
  });
  panels.push(panel("الكيانات", "panel-entities", [...groups.values()].map(({ entity, indexes }) =>
    el("li", null, labelBadge(entity.label), " ",
      panelButton(entity.canonical || entity.text, () => focusSpan(`entities:${indexes[0]}`)),
      indexes.length > 1 ? ` ×${fmtNumber(indexes.length)}` : "", " ",
      link(entityByNameRoute(entity.canonical || entity.text, entity.label), "صفحة الكيان")))));
  panels.push(panel("الأماكن", "panel-places", (layers.places ?? []).map((place, i) =>
    el("li", null, panelButton(place.name || place.text, () => focusSpan(`places:${i}`)),
      metaLine(place.kind, place.country, fmtCoord(place.lat, place.lon))))));
  panels.push(panel("التواريخ", "panel-times", (layers.times ?? []).map((time, i) =>
    el("li", null, panelButton(time.text, () => focusSpan(`times:${i}`)), " ", el("span", { class: "ltr meta" }, time.value ?? "")))));
  panels.push(panel("الاقتباسات", "panel-quotes", (layers.quotes ?? []).map((quote, i) =>
    el("li", null, el("b", null, quote.speaker ? quote.speaker.canonical || quote.speaker.text : "متحدث غير معروف"), ": ",
      panelButton(truncate(quote.text, 140), () => focusSpan(`quotes:${i}`))))));
  panels.push(panel("الأحداث", "panel-events", (layers.events ?? []).map((event, i) =>
    el("li", null, kindBadge(event.type), " ",
      panelButton(event.trigger?.text ?? kindName(event.type), () => focusSpan(`events:${i}`)),
      " ", eventFlags(event).map((f) => el("span", { class: "flag" }, f)),
      metaLine(participantName(event.actor), participantName(event.recipient), participantName(event.place), event.date)))));
  panels.push(panel("نسخ مشابهة", "panel-duplicates", (doc.duplicates ?? []).map((dup) =>
    el("li", null, link(docRoute(dup.other.doc_id), el("bdi", null, dup.other.title || dup.other.ext_id)),
      metaLine(dup.other.source, dup.other.date, dup.exact ? "نسخة مطابقة" : `تشابه ${Math.round((dup.similarity ?? 0) * 100)}%`))), "لا نسخ مشابهة."));
  if (doc.story !== null && doc.story !== undefined) {
    panels.push(el("section", { class: "card", id: "panel-story" }, el("h2", null, "القصة"), link(`#/story/${doc.story}`, "كل وثائق هذه القصة")));
  }
  return panels;
}

function truncate(text, max) {
  const chars = codePoints(text);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text ?? "";
}

// ---------------------------------------------------------------------------
// Entities

async function viewEntities(root, params) {
  const offset = Math.max(0, parseInt(params.get("offset") ?? "0", 10) || 0);
  const form = el("form", { class: "filters card" });
  const name = el("input", { type: "search", name: "name", value: params.get("name") ?? "", placeholder: "اسم" });
  const label = el("select", { name: "label" }, el("option", { value: "" }, "الكل"),
    Object.entries(LABEL_NAMES).map(([k, v]) => el("option", { value: k }, v)));
  label.value = params.get("label") ?? "";
  form.append(el("label", null, "الاسم", name), el("label", null, "النوع", label), el("button", { type: "submit" }, "عرض"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate("entities", Object.fromEntries(new FormData(form)));
  });
  const entities = await api("entities", { name: params.get("name"), label: params.get("label"), limit: 50, offset });
  root.append(el("h1", null, "الكيانات"), form,
    entities.length ? el("ul", { class: "list card", id: "entity-list" }, entities.map(entityItem)) : el("p", { class: "empty" }, "لا كيانات."));
}

function entityItem(entity) {
  return el("li", null, labelBadge(entity.label), " ", link(entityRoute(entity.id), el("bdi", null, entity.canonical)),
    entity.latin ? el("span", { class: "meta ltr latin", lang: "en" }, entity.latin) : null,
    metaLine(`${fmtNumber(entity.documents)} وثيقة`, `${fmtNumber(entity.mentions)} إشارة`, dateSpan(entity.first_date, entity.last_date)));
}

function dateSpan(first, last) {
  if (!first) return "";
  return first === last || !last ? first : `${first} ← ${last}`;
}

/** From an article's entity (document-local id) to its global page: look it up by name and label. */
async function viewEntityByName(root, params) {
  const name = params.get("name") ?? "";
  const label = params.get("label") ?? "";
  const serial = renderSerial;
  const found = await api("entities", { name, label, limit: 20 });
  const exact = found.find((e) => e.canonical === name) ?? found[0];
  if (serial !== renderSerial) return; // the user went elsewhere meanwhile: no late redirect
  if (exact) {
    location.replace(entityRoute(exact.id));
    root.append(el("p", { class: "loading" }, "جارٍ التحويل…"));
    return;
  }
  root.append(el("h1", null, name), el("p", { class: "empty" }, "لم يُدمج هذا الكيان عبر الوثائق بعد."),
    link(`#/search?${new URLSearchParams({ entity: name })}`, "ابحث عن الوثائق التي تذكره"));
}

async function viewEntity(root, params, id) {
  const page = await api(`entities/${encodeURIComponent(id)}`);
  const s = page.summary;
  root.append(el("h1", { id: "entity-name" }, labelBadge(s.label), " ", el("bdi", null, s.canonical),
    s.latin ? el("span", { class: "meta ltr latin", lang: "en" }, s.latin) : null));
  root.append(metaLine(`${fmtNumber(s.documents)} وثيقة`, `${fmtNumber(s.mentions)} إشارة`, s.nationality ? `الجنسية: ${s.nationality}` : "",
    dateSpan(s.first_date, s.last_date)));
  root.append(el("div", { class: "grid" },
    el("section", { class: "card", id: "entity-aliases" }, el("h2", null, "الأسماء الأخرى"),
      nameCounts(page.aliases)),
    el("section", { class: "card", id: "entity-roles" }, el("h2", null, "الصفات والمناصب"), nameCounts(page.roles)),
    el("section", { class: "card", id: "entity-timeline" }, el("h2", null, "الظهور عبر الزمن"), dayChart(page.timeline ?? [])),
    el("section", { class: "card", id: "entity-co" }, el("h2", null, "يُذكر معه"),
      (page.co_mentioned ?? []).length
        ? el("ul", { class: "list" }, page.co_mentioned.map(([other, shared]) =>
          el("li", null, labelBadge(other.label), " ", link(entityRoute(other.id), el("bdi", null, other.canonical)),
            el("span", { class: "meta" }, ` ${fmtNumber(shared)} وثيقة مشتركة`))))
        : el("p", { class: "empty" }, "لا شيء."))));
  root.append(el("section", { class: "card", id: "entity-quotes" }, el("h2", null, `الاقتباسات (${fmtNumber((page.quotes ?? []).length)})`),
    (page.quotes ?? []).length
      ? el("ul", { class: "list" }, page.quotes.map((quote) => el("li", null,
        el("q", null, truncate(quote.text, 300)), " ",
        link(docRoute(quote.doc_id, quote.start, quote.end), "في النص"),
        metaLine(quote.source, quote.date, quote.direct ? "مباشر" : "غير مباشر"))))
      : el("p", { class: "empty" }, "لا اقتباسات.")));
  root.append(el("section", { class: "card", id: "entity-events" }, el("h2", null, `الأحداث (${fmtNumber((page.events ?? []).length)})`),
    eventList(page.events ?? [])));
  root.append(el("section", { class: "card", id: "entity-documents" }, el("h2", null, "الوثائق"),
    (page.documents ?? []).length ? el("ul", { class: "list" }, page.documents.map(sourceRefItem)) : el("p", { class: "empty" }, "لا وثائق.")));
}

function nameCounts(items) {
  if (!items?.length) return el("p", { class: "empty" }, "لا شيء.");
  return el("div", { class: "chips" }, items.map((item) => el("span", { class: "chip" }, el("bdi", null, item.name), ` ×${fmtNumber(item.count)}`)));
}

/** A small bar chart of counts per day (continuous days between the first and last). */
function dayChart(days) {
  if (!days.length) return el("p", { class: "empty" }, "لا بيانات.");
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const first = dayNumber(sorted[0].date);
  const span = dayNumber(sorted[sorted.length - 1].date) - first + 1;
  const max = Math.max(...sorted.map((d) => d.count));
  const width = 300;
  const height = 60;
  const barWidth = Math.max(1, width / span);
  const chart = svg("svg", { class: "mini-chart", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img", "aria-label": "عدد الوثائق في اليوم" });
  for (const d of sorted) {
    const h = Math.max(2, (d.count / max) * (height - 4));
    // RTL page: time runs from right to left.
    const x = width - (dayNumber(d.date) - first + 1) * barWidth;
    chart.append(svg("rect", { x, y: height - h, width: Math.max(1, barWidth - 1), height: h }, svg("title", null, `${d.date}: ${d.count}`)));
  }
  return el("div", null, chart, el("p", { class: "meta" }, `${sorted[0].date} ← ${sorted[sorted.length - 1].date}`));
}

function dayNumber(isoDate) {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / 86400000);
}

function isoDay(dayNum) {
  return new Date(dayNum * 86400000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// Events

function eventItem(event) {
  const who = [event.actor, event.recipient].some(Boolean)
    ? el("span", null,
      event.actor ? (event.actor_entity ? link(entityRoute(event.actor_entity), el("bdi", null, event.actor)) : el("bdi", null, event.actor)) : "؟",
      " ← ",
      event.recipient ? (event.recipient_entity ? link(entityRoute(event.recipient_entity), el("bdi", null, event.recipient)) : el("bdi", null, event.recipient)) : "؟")
    : null;
  const flags = [];
  if (event.planned) flags.push(el("span", { class: "flag planned" }, "مخطط له"));
  if (event.negated) flags.push(el("span", { class: "flag negated" }, "منفي"));
  const mentions = event.mentions ?? [];
  return el("li", { class: "event", "data-event-id": event.id },
    el("div", { class: "head" }, kindBadge(event.kind),
      el("span", { class: "meta" }, [event.mode, event.subtype].filter(Boolean).join(" / ")), who, flags),
    metaLine(event.place_name ? (event.place_id ? link(`#/events?${new URLSearchParams({ place: event.place_id })}`, el("bdi", null, event.place_name)) : event.place_name) : null,
      event.country, event.date ? ltrText(event.date) : null,
      `${fmtNumber(event.documents)} وثيقة`, `${fmtNumber(event.sources)} مصدر`),
    mentions.length
      ? el("details", null, el("summary", null, `الأدلة (${fmtNumber(mentions.length)})`), mentions.map(evidence))
      : null);
}

/** One evidence sentence (EventMentionRef or EvidenceSentence), linking to the article at the sentence. */
function evidence(item) {
  const sentence = item.sentence ?? item;
  return el("blockquote", { class: "evidence" },
    el("bdi", null, truncate(sentence.text, 400)),
    metaLine(sentence.source ?? item.source, sentence.date ?? item.date,
      link(docRoute(sentence.doc_id ?? item.doc_id, sentence.start, sentence.end), "افتح المقال")));
}

function eventList(events) {
  if (!events.length) return el("p", { class: "empty" }, "لا أحداث.");
  return el("ul", { class: "list event-list" }, events.map(eventItem));
}

const EVENT_FILTERS = [["kind", "النوع", "kind"], ["place", "المكان", "text"], ["country", "الدولة (رمز)", "text"],
  ["entity", "الفاعل أو المستهدف", "text"], ["since", "من", "date"], ["until", "إلى", "date"]];

function eventFilterForm(path, params, extraKeys = []) {
  const form = el("form", { class: "filters card" });
  for (const [name, label, kind] of EVENT_FILTERS) {
    const input = kind === "kind" ? kindSelect(name, params.get(name)) : el("input", { type: kind, name, size: kind === "text" ? 12 : null });
    input.value = params.get(name) ?? "";
    form.append(el("label", null, label, input));
  }
  form.append(el("button", { type: "submit" }, "تطبيق"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    for (const key of extraKeys) if (params.get(key)) values[key] = params.get(key);
    navigate(path, values);
  });
  return form;
}

function eventFilterParams(params) {
  const out = {};
  for (const [name] of EVENT_FILTERS) out[name] = params.get(name);
  return out;
}

async function viewEvents(root, params) {
  const offset = Math.max(0, parseInt(params.get("offset") ?? "0", 10) || 0);
  const events = await api("events", { ...eventFilterParams(params), limit: PAGE_SIZE + 1, offset });
  root.append(el("h1", null, "الأحداث"), eventFilterForm("events", params), eventList(events.slice(0, PAGE_SIZE)));
  root.append(pager(offset + events.length, offset, (o) => navigate("events", { ...Object.fromEntries(params), offset: o || "" })));
}

// ---------------------------------------------------------------------------
// Map

/** Horizontal squeeze of the plate carrée projection: true to shape near 33°N, where most of our places are. */
const MAP_X_SCALE = Math.cos((33 * Math.PI) / 180);
const MIDDLE_EAST = { lonMin: 22, lonMax: 64, latMin: 11, latMax: 43 };
let worldCache = null;

async function loadWorld() {
  if (!worldCache) {
    const response = await fetch("/assets/world.json");
    if (!response.ok) throw new Error(`world.json: HTTP ${response.status}`);
    worldCache = decodeWorld(await response.json());
  }
  return worldCache;
}

/** world.json rings are delta-encoded integer pairs (see scripts/build_map.py); returns SVG path data per country. */
function decodeWorld(world) {
  const scale = world.scale || 1;
  return (world.countries ?? []).map((country) => {
    const parts = [];
    for (const ring of country.rings ?? []) {
      let x = 0;
      let y = 0;
      const points = [];
      for (let i = 0; i + 1 < ring.length; i += 2) {
        x += ring[i];
        y += ring[i + 1];
        const [px, py] = project(x / scale, y / scale);
        points.push(`${px.toFixed(2)} ${py.toFixed(2)}`);
      }
      if (points.length > 2) parts.push(`M${points.join("L")}Z`);
    }
    return { iso: country.iso, name: country.name_ar || country.name, d: parts.join("") };
  });
}

function project(lon, lat) {
  return [lon * MAP_X_SCALE, -lat];
}

async function viewMap(root, params) {
  const [world, places] = await Promise.all([loadWorld(), api("map", { ...eventFilterParams(params), limit: 1000 })]);
  root.append(el("h1", null, "الخريطة"), eventFilterForm("map", params));
  const map = svg("svg", { class: "map", id: "map", role: "img", "aria-label": "خريطة الأماكن والأحداث" });
  const countries = svg("g", { class: "countries" });
  for (const country of world) {
    countries.append(svg("path", { class: ["country", params.get("country") && country.iso === params.get("country") ? "active" : null], d: country.d, "data-iso": country.iso },
      svg("title", null, country.name)));
  }
  const dots = svg("g", { class: "dots" });
  map.append(countries, dots);
  const info = el("section", { class: "card", id: "map-info", "aria-live": "polite" }, el("p", { class: "empty" }, "اختر مكانًا على الخريطة لعرض أحداثه ووثائقه."));

  // View box state (projected units); Middle East by default.
  const [x0, y0] = project(MIDDLE_EAST.lonMin, MIDDLE_EAST.latMax);
  const [x1, y1] = project(MIDDLE_EAST.lonMax, MIDDLE_EAST.latMin);
  const home = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  const box = { ...home };
  const circles = [];
  const applyBox = () => {
    map.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
    const unit = box.w / 900; // circle radii in screen-ish pixels whatever the zoom
    for (const { circle, count } of circles) circle.setAttribute("r", ((3 + 2.2 * Math.sqrt(count)) * unit).toFixed(4));
  };
  // Biggest first, so small circles stay clickable on top.
  const sorted = [...places].sort((a, b) => (b.events + b.documents) - (a.events + a.documents) || a.place_id.localeCompare(b.place_id));
  let selected = null;
  const select = (place, circle) => {
    if (selected) selected.classList.remove("selected");
    selected = circle;
    circle.classList.add("selected");
    const next = new URLSearchParams(params);
    next.set("place", place.place_id);
    replaceParams("map", next);
    showPlaceInfo(info, place);
  };
  for (const place of sorted) {
    if (typeof place.lat !== "number" || typeof place.lon !== "number") continue;
    const [cx, cy] = project(place.lon, place.lat);
    const circle = svg("circle", { class: ["dot", place.events ? null : "docs-only"], cx: cx.toFixed(3), cy: cy.toFixed(3), r: 0.3, tabindex: 0, "data-place-id": place.place_id },
      svg("title", null, `${place.name}: ${place.events} حدث، ${place.documents} وثيقة`));
    circle.addEventListener("click", (event) => {
      event.stopPropagation();
      select(place, circle);
    });
    circle.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(place, circle);
      }
    });
    circles.push({ circle, count: Math.max(place.events, place.documents, 1) });
    dots.append(circle);
    if (params.get("place") === place.place_id) {
      selected = circle;
      circle.classList.add("selected");
      showPlaceInfo(info, place);
    }
  }
  applyBox();
  enablePanZoom(map, box, home, applyBox);

  const zoomButton = (label, title, action) => {
    const button = el("button", { type: "button", title, "aria-label": title }, label);
    button.addEventListener("click", action);
    return button;
  };
  const controls = el("div", { class: "map-controls" },
    zoomButton("+", "تكبير", () => zoomAt(box, 0.7, box.x + box.w / 2, box.y + box.h / 2, applyBox)),
    zoomButton("−", "تصغير", () => zoomAt(box, 1 / 0.7, box.x + box.w / 2, box.y + box.h / 2, applyBox)),
    zoomButton("⌂", "الشرق الأوسط", () => { Object.assign(box, home); applyBox(); }),
    zoomButton("◯", "العالم", () => {
      const [wx0, wy0] = project(-180, 84);
      const [wx1, wy1] = project(180, -60);
      Object.assign(box, { x: wx0, y: wy0, w: wx1 - wx0, h: wy1 - wy0 });
      applyBox();
    }));
  root.append(
    el("p", { class: "map-legend" }, el("span", { class: "swatch events" }), "أماكن فيها أحداث  ", el("span", { class: "swatch docs" }), "أماكن مذكورة في الوثائق فقط",
      ` — ${fmtNumber(places.length)} مكان`),
    el("div", { class: "layout" }, el("div", { class: "map-wrap" }, map, controls), info));
}

function zoomAt(box, factor, cx, cy, apply) {
  const w = Math.min(400, Math.max(0.5, box.w * factor));
  const real = w / box.w;
  box.x = cx - (cx - box.x) * real;
  box.y = cy - (cy - box.y) * real;
  box.w *= real;
  box.h *= real;
  apply();
}

function enablePanZoom(map, box, home, apply) {
  const toMap = (clientX, clientY) => {
    const rect = map.getBoundingClientRect();
    // preserveAspectRatio xMidYMid meet: one scale for both axes.
    const scale = Math.max(box.w / rect.width, box.h / rect.height);
    const offsetX = (rect.width * scale - box.w) / 2;
    const offsetY = (rect.height * scale - box.h) / 2;
    return [box.x - offsetX + (clientX - rect.left) * scale, box.y - offsetY + (clientY - rect.top) * scale, scale];
  };
  map.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [mx, my] = toMap(event.clientX, event.clientY);
    zoomAt(box, event.deltaY < 0 ? 0.8 : 1.25, mx, my, apply);
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (event) => {
    if (event.target.classList?.contains("dot")) return;
    drag = { x: event.clientX, y: event.clientY, box: { ...box }, scale: toMap(event.clientX, event.clientY)[2], moved: false };
    map.setPointerCapture(event.pointerId);
    map.classList.add("dragging");
  });
  map.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = (event.clientX - drag.x) * drag.scale;
    const dy = (event.clientY - drag.y) * drag.scale;
    if (Math.abs(dx) + Math.abs(dy) > 0) drag.moved = true;
    box.x = drag.box.x - dx;
    box.y = drag.box.y - dy;
    apply();
  });
  const end = () => {
    drag = null;
    map.classList.remove("dragging");
  };
  map.addEventListener("pointerup", end);
  map.addEventListener("pointercancel", end);
  map.addEventListener("dblclick", () => {
    Object.assign(box, home);
    apply();
  });
}

async function showPlaceInfo(info, place) {
  clear(info);
  info.append(el("h2", null, el("bdi", null, place.name)),
    metaLine(place.kind, place.country, fmtCoord(place.lat, place.lon), `${fmtNumber(place.events)} حدث`, `${fmtNumber(place.documents)} وثيقة`),
    el("p", null, link(`#/board/${encodeURIComponent(place.place_id)}`, "الوضع في لوحة الوضع"), " · ",
      link(`#/events?${new URLSearchParams({ place: place.place_id })}`, "كل الأحداث")));
  const [events, documents] = await Promise.all([
    apiOr([], "events", { place: place.place_id, limit: 20 }),
    apiOr([], "documents", { place: place.place_id, limit: 20 }),
  ]);
  info.append(el("h3", null, "الأحداث"), eventList(events), el("h3", null, "الوثائق"),
    documents.length ? el("ul", { class: "list", id: "map-documents" }, documents.map(sourceRefItem)) : el("p", { class: "empty" }, "لا وثائق."));
}

// ---------------------------------------------------------------------------
// Timeline

async function viewTimeline(root, params) {
  const buckets = await api("timeline", eventFilterParams(params));
  root.append(el("h1", null, "الخط الزمني للأحداث"), eventFilterForm("timeline", params));
  const info = el("section", { class: "card", id: "timeline-info", "aria-live": "polite" });
  if (!buckets.length) {
    root.append(el("p", { class: "empty" }, "لا أحداث مؤرخة لهذه المرشحات."));
    return;
  }
  const days = new Map(); // day number → [bucket…]
  for (const bucket of buckets) {
    const day = dayNumber(bucket.date);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(bucket);
  }
  const eventsOn = (day) => days.get(day).reduce((n, b) => n + b.events, 0);
  const allDays = [...days.keys()].sort((a, b) => a - b);
  // A few stray dates (a misread year, a plan years ahead) would squeeze
  // every bar to a hair: unless a range was asked for (since/until/all=1),
  // show the days holding the central 96% of the events, and say so.
  let dayNumbers = allDays;
  if (!(params.get("since") || params.get("until") || params.get("all") === "1") && allDays.length > 2) {
    const total = allDays.reduce((n, d) => n + eventsOn(d), 0);
    let seen = 0;
    let lo = null;
    let hi = allDays[allDays.length - 1];
    for (const day of allDays) {
      seen += eventsOn(day);
      if (lo === null && seen > total * 0.02) lo = day;
      if (seen >= total * 0.98) {
        hi = day;
        break;
      }
    }
    const fullSpan = allDays[allDays.length - 1] - allDays[0] + 1;
    if (lo !== null && hi - lo + 1 < fullSpan * 0.8) dayNumbers = allDays.filter((d) => d >= lo && d <= hi);
  }
  const hiddenEvents = allDays.filter((d) => !dayNumbers.includes(d)).reduce((n, d) => n + eventsOn(d), 0);
  const first = dayNumbers[0];
  const last = dayNumbers[dayNumbers.length - 1];
  const span = last - first + 1;
  // One bar per day over a few months; over longer spans day bars shrink to
  // hairs, so they are summed by ISO week or by month (`by=` overrides).
  const asked = params.get("by");
  const by = TIMELINE_BINS.has(asked) ? asked : span <= 120 ? "day" : span <= 730 ? "week" : "month";
  const binOf = TIMELINE_BINS.get(by);
  const bins = new Map(); // bin start day → { end, kinds: Map kind → events }
  for (const day of dayNumbers) {
    const [start, end] = binOf(day);
    if (!bins.has(start)) bins.set(start, { end, kinds: new Map() });
    const kinds = bins.get(start).kinds;
    for (const bucket of days.get(day)) kinds.set(bucket.kind, (kinds.get(bucket.kind) ?? 0) + bucket.events);
  }
  const binTotal = (bin) => [...bin.kinds.values()].reduce((n, e) => n + e, 0);
  const maxTotal = Math.max(...[...bins.values()].map(binTotal));
  const width = 1000;
  const height = 300;
  const pad = { top: 12, bottom: 34, side: 44 };
  const plotWidth = width - 2 * pad.side;
  const plotHeight = height - pad.top - pad.bottom;
  // The axis runs from the first bin's start to the last bin's end. A long
  // run of empty bins (a story that went quiet for months) would leave most
  // of the width blank, so such a gap is drawn as a short break instead.
  const axisStart = Math.min(...bins.keys());
  const axisEnd = Math.max(...[...bins.values()].map((b) => b.end));
  const axis = compressedAxis(bins, by, axisStart, axisEnd);
  const slot = plotWidth / axis.units;
  const chartLabel = { day: "عدد الأحداث في اليوم حسب النوع", week: "عدد الأحداث في الأسبوع حسب النوع", month: "عدد الأحداث في الشهر حسب النوع" }[by];
  const chart = svg("svg", { class: "chart", id: "timeline-chart", "data-by": by, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": chartLabel });
  chart.append(svg("line", { class: "axis", x1: pad.side, y1: height - pad.bottom, x2: width - pad.side, y2: height - pad.bottom }));
  // Count ticks on the right (the RTL start), three levels.
  for (const fraction of [0.5, 1]) {
    const y = height - pad.bottom - fraction * plotHeight;
    chart.append(svg("text", { class: "tick", x: width - pad.side + 6, y: y + 4, direction: "ltr" }, fmtNumber(Math.round(fraction * maxTotal))));
  }
  const selectedDay = params.get("day");
  const used = new Set();
  const select = (start, kind, rect) => {
    for (const r of chart.querySelectorAll(".bar.selected")) r.classList.remove("selected");
    rect?.classList.add("selected");
    const next = new URLSearchParams(params);
    next.set("day", start);
    next.set("by", by);
    if (kind) next.set("daykind", kind); else next.delete("daykind");
    replaceParams("timeline", next);
    showDayEvents(info, params, by, start, kind);
  };
  for (const [start, bin] of [...bins.entries()].sort((a, b) => a[0] - b[0])) {
    // RTL: the earliest bin is on the right.
    const binDays = bin.end - start + 1;
    const x = width - pad.side - (axis.offset(bin.end) + 1) * slot;
    const startIso = isoDay(start);
    let y = height - pad.bottom;
    const sorted = [...bin.kinds.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    for (const [bucketKind, events] of sorted) {
      const h = (events / maxTotal) * plotHeight;
      y -= h;
      const kind = KNOWN_KINDS.has(bucketKind) ? bucketKind : "OTHER";
      used.add(bucketKind);
      const when = by === "day" ? startIso : `${startIso} ← ${isoDay(bin.end)}`;
      const rect = svg("rect", {
        class: ["bar", `k-${kind}`, selectedDay === startIso && params.get("daykind") === bucketKind ? "selected" : null],
        x: (x + Math.min(1, binDays * slot * 0.1)).toFixed(2), y: y.toFixed(2), width: Math.max(3, binDays * slot * 0.8).toFixed(2), height: Math.max(0.5, h).toFixed(2),
        tabindex: 0, "data-date": startIso, "data-kind": bucketKind,
      }, svg("title", null, `${when} · ${kindName(bucketKind)}: ${events} حدث`));
      rect.addEventListener("click", () => select(startIso, bucketKind, rect));
      rect.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(startIso, bucketKind, rect);
        }
      });
      chart.append(rect);
    }
  }
  // Date ticks: about eight, at whole days, none inside a break; each break
  // gets a marker that says how long it is.
  const step = Math.max(1, Math.ceil(axis.units / 8));
  const breakX = (gap) => width - pad.side - (axis.offset(gap.from) + axis.breakUnits / 2) * slot;
  let lastTickX = Infinity;
  for (let d = axisStart; d <= axisEnd; d += step) {
    const gap = axis.breaks.find((b) => d >= b.from && d <= b.to);
    if (gap) {
      d = gap.to + 1 - step;
      continue;
    }
    const x = width - pad.side - (axis.offset(d) + 0.5) * slot;
    // A date label is about 70 units wide: never over another or a break.
    if (lastTickX - x < 80 || axis.breaks.some((b) => Math.abs(breakX(b) - x) < 45)) continue;
    lastTickX = x;
    chart.append(svg("text", { class: "tick", x: x.toFixed(1), y: height - pad.bottom + 18, "text-anchor": "middle" }, isoDay(d)));
  }
  for (const gap of axis.breaks) {
    const x = breakX(gap);
    const days = gap.to - gap.from + 1;
    chart.append(svg("g", { class: "axis-break", "data-from": isoDay(gap.from), "data-to": isoDay(gap.to) },
      svg("line", { class: "axis-break-mark", x1: (x - 4).toFixed(1), y1: height - pad.bottom + 6, x2: (x + 1).toFixed(1), y2: height - pad.bottom - 6 }),
      svg("line", { class: "axis-break-mark", x1: (x - 1).toFixed(1), y1: height - pad.bottom + 6, x2: (x + 4).toFixed(1), y2: height - pad.bottom - 6 }),
      svg("title", null, `${isoDay(gap.from)} ← ${isoDay(gap.to)}: ${fmtNumber(days)} يوم بلا أحداث (مختصرة)`)));
  }
  const key = el("div", { class: "key" }, EVENT_KINDS.filter(([k]) => used.has(k)).map(([k, arabic]) => el("span", null, el("span", { class: ["kind", `k-${k}`] }, arabic), k)));
  const shown = dayNumbers.reduce((n, d) => n + eventsOn(d), 0);
  const binNames = { day: "يوم", week: "أسبوع", month: "شهر" };
  const granularity = el("p", { class: "meta", id: "timeline-by" }, "عمود لكل: ",
    [...TIMELINE_BINS.keys()].map((b) => b === by
      ? el("strong", null, binNames[b], " ")
      : [link(`#/timeline?${new URLSearchParams({ ...Object.fromEntries(params), by: b })}`, binNames[b]), " "]));
  root.append(el("p", { class: "note", id: "timeline-summary" },
    `${fmtNumber(shown)} حدث في ${fmtNumber(dayNumbers.length)} يوم (`, ltrText(isoDay(first)), " ← ", ltrText(isoDay(last)),
    `). اختر عمودًا لعرض أحداث ذلك ال${binNames[by]}.`,
    hiddenEvents ? [` ${fmtNumber(hiddenEvents)} حدث بتواريخ شاذة خارج هذه المدة: `, link(`#/timeline?${new URLSearchParams({ ...Object.fromEntries(params), all: "1" })}`, "عرض كل المدة")] : null),
    granularity, chart, key, info);
  if (selectedDay) showDayEvents(info, params, by, selectedDay, params.get("daykind"));
  else info.append(el("p", { class: "empty" }, "لم يُختر يوم."));
}

/**
 * The timeline's horizontal axis with long empty gaps cut short. A run of
 * empty days between two bins becomes a break when it is longer than four
 * bins and than 15% of the whole span; a break is drawn `breakUnits` days
 * wide. `offset(day)` gives a day's position in days from the axis start
 * after the cuts, `units` the whole axis length in the same measure.
 */
function compressedAxis(bins, by, axisStart, axisEnd) {
  const binDays = { day: 1, week: 7, month: 30 }[by] ?? 1;
  const minGap = Math.max(4 * binDays, Math.ceil((axisEnd - axisStart + 1) * 0.15));
  const breakUnits = 2 * binDays;
  const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0]);
  const breaks = [];
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1][1].end + 1;
    const to = sorted[i][0] - 1;
    if (to - from + 1 >= minGap) breaks.push({ from, to });
  }
  const offset = (day) => {
    let position = day - axisStart;
    for (const gap of breaks) {
      const length = gap.to - gap.from + 1;
      if (day > gap.to) position -= length - breakUnits;
      else if (day >= gap.from) position -= (day - gap.from) * (1 - breakUnits / length);
    }
    return position;
  };
  return { breaks, breakUnits, offset, units: offset(axisEnd) + 1 };
}

/** Timeline bins: for a day number, the first and last day of its bin. */
const TIMELINE_BINS = new Map([
  ["day", (day) => [day, day]],
  // Day 0 (1970-01-01) was a Thursday; ISO weeks start on Monday.
  ["week", (day) => {
    const start = day - ((day + 3) % 7);
    return [start, start + 6];
  }],
  ["month", (day) => {
    const date = new Date(day * 86400000);
    const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86400000;
    const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 86400000 - 1;
    return [start, end];
  }],
]);

/** Lists the events of the bin (`by`) that starts on the ISO date `day`. */
async function showDayEvents(info, params, by, day, kind) {
  const [since, until] = (TIMELINE_BINS.get(by) ?? TIMELINE_BINS.get("day"))(dayNumber(day));
  clear(info);
  const when = since === until ? ltrText(isoDay(since)) : [ltrText(isoDay(since)), " ← ", ltrText(isoDay(until))];
  info.append(el("h2", null, "أحداث ", when, kind ? ` — ${kindName(kind)}` : ""), el("p", { class: "loading" }, "…"));
  const events = await apiOr([], "events", { ...eventFilterParams(params), since: isoDay(since), until: isoDay(until), kind: kind || params.get("kind"), limit: 100 });
  info.lastChild.remove();
  info.append(eventList(events));
}

// ---------------------------------------------------------------------------
// Situation board

async function viewBoard(root) {
  const board = await api("board");
  const places = board.places ?? [];
  root.append(el("h1", null, "لوحة الوضع"),
    el("p", { class: "meta" }, "لكل مكان: الجهة المسيطرة والأمن والوجود العسكري، مع تاريخ كل تغيير وأدلته. الأحدث تغيرًا أولًا."));
  if (!places.length) {
    root.append(el("p", { class: "empty" }, "لا تغييرات مرصودة بعد."));
    return;
  }
  const list = el("div", { id: "board-places" });
  for (const place of places) list.append(placeCard(place, true));
  root.append(list);
}

async function viewBoardPlace(root, params, placeId) {
  const place = await api(`board/${encodeURIComponent(placeId)}`);
  root.append(el("p", null, link("#/board", "← كل الأماكن")), placeCard(place, false));
  const events = await apiOr([], "events", { place: placeId, limit: 50 });
  root.append(el("section", { class: "card" }, el("h2", null, "الأحداث في هذا المكان"), eventList(events)));
}

function placeCard(place, compact) {
  const card = el("section", { class: "card board-place", "data-place-id": place.place_id });
  card.append(el("h2", null, link(`#/board/${encodeURIComponent(place.place_id)}`, el("bdi", null, place.name))),
    metaLine(place.kind, place.country, fmtCoord(place.lat, place.lon)));
  const current = place.current ?? [];
  card.append(current.length
    ? el("div", { class: "facts" }, current.map((fact) => el("div", { class: "fact" },
      el("span", { class: "attr" }, ATTRIBUTE_NAMES[fact.attribute] ?? fact.attribute),
      el("span", { class: "value" }, el("bdi", null, fact.value)), fact.quantity ? ` (${fmtNumber(fact.quantity)})` : "",
      metaLine(fact.since ? el("span", null, "منذ ", ltrText(fact.since)) : "", `${fmtNumber(fact.sources)} مصدر`))))
    : el("p", { class: "empty" }, "لا حالة حالية."));
  for (const conflict of place.conflicts ?? []) {
    card.append(el("h3", null, `روايات متعارضة: ${ATTRIBUTE_NAMES[conflict.attribute] ?? conflict.attribute}`),
      el("div", { class: "conflict" }, (conflict.claims ?? []).map((claim) => el("div", null, changeItem(claim, false)))));
  }
  const planned = place.planned ?? [];
  if (planned.length) {
    card.append(el("h3", null, "تغييرات معلنة"), el("div", null, planned.map((change) => changeItem(change, compact))));
  }
  const history = place.history ?? [];
  if (history.length) {
    const items = el("div", null, history.map((change) => changeItem(change, compact)));
    card.append(compact ? el("details", null, el("summary", null, `السجل (${fmtNumber(history.length)})`), items) : el("div", null, el("h3", null, "السجل"), items));
  }
  return card;
}

function changeItem(change, compact) {
  const what = ATTRIBUTE_NAMES[change.attribute] ?? change.attribute;
  const evidenceItems = (change.evidence ?? []).map(evidence);
  return el("div", { class: "change" },
    el("div", null, el("b", null, what), ": ",
      change.from ? el("bdi", null, change.from) : "—", " ← ", change.to ? el("bdi", null, change.to) : "—",
      change.quantity ? ` (${fmtNumber(change.quantity)})` : "", " ",
      change.planned ? el("span", { class: "flag planned" }, "مخطط له") : null),
    metaLine(change.date ? ltrText(change.date) : "", `${fmtNumber(change.sources)} مصدر`),
    evidenceItems.length
      ? compact ? el("details", null, el("summary", null, `الأدلة (${fmtNumber(evidenceItems.length)})`), evidenceItems) : evidenceItems
      : null);
}

// ---------------------------------------------------------------------------
// Stories

function storyItem(story) {
  return el("li", null, link(`#/story/${story.id}`, el("bdi", null, story.title || `#${story.id}`)),
    metaLine(dateSpan(story.first_date, story.last_date), `${fmtNumber(story.documents)} وثيقة`, `${fmtNumber(story.sources)} مصدر`),
    (story.top_entities ?? []).length || (story.top_places ?? []).length
      ? el("div", { class: "chips" }, [...(story.top_entities ?? []), ...(story.top_places ?? [])].slice(0, 8).map((name) => el("span", { class: "chip" }, el("bdi", null, name))))
      : null);
}

async function viewStories(root, params) {
  const offset = Math.max(0, parseInt(params.get("offset") ?? "0", 10) || 0);
  const stories = await api("stories", { ...eventFilterParams(params), kind: null, limit: PAGE_SIZE + 1, offset });
  root.append(el("h1", null, "القصص"), eventFilterForm("stories", params),
    stories.length ? el("ul", { class: "list card", id: "story-list" }, stories.slice(0, PAGE_SIZE).map(storyItem)) : el("p", { class: "empty" }, "لا قصص."),
    pager(offset + stories.length, offset, (o) => navigate("stories", { ...Object.fromEntries(params), offset: o || "" })));
}

async function viewStory(root, params, id) {
  const story = await api(`stories/${id}`);
  const s = story.summary;
  root.append(el("h1", null, el("bdi", null, s.title)),
    metaLine(dateSpan(s.first_date, s.last_date), `${fmtNumber(s.documents)} وثيقة`, `${fmtNumber(s.sources)} مصدر`),
    el("div", { class: "chips" }, (s.top_entities ?? []).map((name) => link(entityByNameRoute(name, ""), el("span", { class: "chip" }, el("bdi", null, name)))),
      (s.top_places ?? []).map((name) => el("span", { class: "chip" }, el("bdi", null, name)))),
    el("div", { class: "grid" },
      el("section", { class: "card" }, el("h2", null, "الوثائق"), el("ul", { class: "list" }, (story.documents ?? []).map(sourceRefItem))),
      el("section", { class: "card" }, el("h2", null, "الأحداث"), eventList(story.events ?? []))));
}

// ---------------------------------------------------------------------------
// Start

document.getElementById("quick-search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = document.getElementById("quick-q").value.trim();
  navigate("search", { q });
});
window.addEventListener("hashchange", render);
window.addEventListener("scroll", hideTip, { passive: true });
render();
