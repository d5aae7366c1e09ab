// The storyline page: paste articles, get a brief, see where each sentence came from.
// Every piece of article text reaches the page through textContent, never innerHTML:
// an article that contains markup shows the markup as text.
"use strict";

const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

// ---- tabs ---------------------------------------------------------------------------------
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute("aria-selected", String(on));
      other.tabIndex = on ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !on;
    }
    tab.focus();
    if (tab.id === "tab-stories") loadStories();
  };
  tabs.forEach((tab, n) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) select(tabs[(n + step + tabs.length) % tabs.length]);
    });
  });
}

// ---- the form ------------------------------------------------------------------------------
function addArticle(text = "") {
  const box = $("article-template").content.firstElementChild.cloneNode(true);
  const area = box.querySelector("textarea");
  const number = $("articles").children.length + 1;
  area.id = `article-${number}`;
  area.value = text;
  box.querySelector("label").htmlFor = area.id;
  box.querySelector("label").textContent = `Article ${number}`;
  box.querySelector(".remove").setAttribute("aria-label", `Remove article ${number}`);
  box.querySelector(".remove").addEventListener("click", () => {
    box.remove();
    renumber();
  });
  $("articles").append(box);
  return area;
}

function renumber() {
  [...$("articles").children].forEach((box, n) => {
    box.querySelector("textarea").id = `article-${n + 1}`;
    box.querySelector("label").htmlFor = `article-${n + 1}`;
    box.querySelector("label").textContent = `Article ${n + 1}`;
    box.querySelector(".remove").setAttribute("aria-label", `Remove article ${n + 1}`);
  });
}

const dropped = []; // {id, text, html}

async function takeFiles(files) {
  for (const file of files) {
    const text = await file.text();
    const isHtml = /\.x?html?$/i.test(file.name) || file.type === "text/html";
    dropped.push({ id: file.name, [isHtml ? "html" : "text"]: text });
  }
  $("status").textContent = `${dropped.length} file(s) added: ${dropped.map((d) => d.id).join(", ")}`;
}

function documents() {
  const docs = [];
  for (const area of $("articles").querySelectorAll("textarea")) {
    if (area.value.trim()) docs.push({ text: area.value, id: `article-${docs.length + 1}` });
  }
  for (const line of $("urls").value.split("\n")) {
    if (line.trim()) docs.push({ url: line.trim() });
  }
  return docs.concat(dropped);
}

async function makeBrief(event) {
  event.preventDefault();
  const docs = documents();
  showError("");
  if (docs.length === 0) {
    showError("Paste at least one article, address or file first.");
    return;
  }
  $("status").textContent = `Reading ${docs.length} document(s) and choosing sentences…`;
  busy(true);
  try {
    const response = await fetch("/v1/briefs", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        documents: docs,
        words: Number($("words").value),
        include_text: true,
        insights: $("insights").checked,
      }),
    });
    const data = await response.json();
    if (!response.ok) {
      showError(`No brief: ${describe(data.detail)}`);
      return;
    }
    showBrief(data, $("brief"), $("sources"), "b");
    $("result").hidden = false;
    $("brief").querySelector("h2").focus(); // brings the brief into view, and readers to it
    $("status").textContent = summary(data);
  } catch (error) {
    showError(`No brief: ${error.message}`);
  } finally {
    busy(false);
  }
}

// What the brief was made from: the documents used, and those set aside and why.
function summary(data) {
  const aside = data.documents.filter((d) => d.flagged);
  const used = data.documents.length - aside.length;
  let text = `Brief of ${data.words} words from ${used} of ${data.documents.length} documents`;
  if (aside.length) {
    const reasons = [...new Set(aside.map((d) => d.reason))].join("; ");
    text += `; ${aside.length} set aside (${reasons})`;
  }
  return text + ".";
}

// An error stands out (an alert, read out at once); the status line is cleared.
function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
  if (message) $("status").textContent = "";
}

// While a brief is made: the button says so and cannot be pressed twice.
function busy(on) {
  $("make-brief").disabled = on;
  $("make-brief").textContent = on ? "Making the brief…" : "Make the brief";
  $("brief-form").setAttribute("aria-busy", String(on));
}

function describe(detail) {
  if (typeof detail === "string") return detail;
  return "the server gave no reason";
}

// ---- showing a brief -----------------------------------------------------------------------
// Citation key "<prefix>-<sentence>-<citation>" marks both the citation button and the
// stretch of source text it points at, so hovering one lights the other.
function showBrief(data, briefNode, sourcesNode, prefix) {
  const number = new Map(data.documents.map((d, n) => [d.id, n + 1]));
  const spans = new Map(data.documents.map((d) => [d.id, []]));
  // Citation buttons for one cited thing; its text (if given) lights all its sources.
  const cite = (node, citations, key, textNode = null) => {
    const keys = citations.map((citation, c) => {
      const k = `${prefix}-${key}-${c}`;
      spans.get(citation.document)?.push({ start: citation.start, end: citation.end, key: k });
      const n = number.get(citation.document);
      const doc = data.documents[n - 1];
      const label = `Source ${n}${citation.exact === false ? " (says the same)" : ""}: ${doc.title || doc.id}`;
      const button = element("button", { type: "button", class: citation.exact === false ? "cite" : "cite exact", "aria-label": label }, String(n));
      light(button, [k], sourcesNode);
      node.append(button);
      return k;
    });
    if (textNode) light(textNode, keys, sourcesNode);
  };
  briefNode.replaceChildren(element("h2", { tabindex: "-1" }, "Brief"));
  const writing = (part) => (part.language ? { lang: part.language, dir: part.direction } : {});
  data.sentences.forEach((sentence, s) => {
    const paragraph = element("p", { class: "sentence", ...writing(data) });
    const text = element("span", { class: "sentence-text" }, sentence.text);
    paragraph.append(text, " ");
    cite(paragraph, sentence.citations, `s${s}`, text);
    briefNode.append(paragraph);
  });
  for (const problem of data.problems || []) {
    briefNode.append(element("p", { class: "problem" }, `Not used: ${problem}`));
  }
  if (data.insights) showInsights(data.insights, briefNode, cite, writing(data));
  sourcesNode.replaceChildren(element("h2", {}, "Sources"));
  data.documents.forEach((doc, n) => sourcesNode.append(source(doc, n + 1, spans.get(doc.id), writing(doc))));
}

// Quotes, people and organisations, timeline, disagreements: each a list, or "None found".
// A language the insights read only in part (or not at all) lists what it read in "read"
// and says why the rest is missing in "unavailable".
function showInsights(insights, briefNode, cite, writing) {
  const read = insights.read || ["quotes", "entities", "timeline", "disagreements"];
  const section = (title, items, show) => {
    if (!read.includes(title.key)) return;
    briefNode.append(element("h3", {}, title.text));
    const list = element("ul", { class: "insights" });
    items.forEach((item, n) => list.append(show(item, n)));
    briefNode.append(items.length ? list : element("p", { class: "none" }, "None found."));
  };
  // The most telling quotes first; the JSON has them all and says how many views show
  section({ key: "quotes", text: "Quotes" }, insights.quotes.slice(0, insights.quotes_shown), (quote, n) => {
    const item = element("li", writing);  // as written, in the brief's language
    const text = element("span", {}, `${quote.speaker || "Unattributed"}: “${quote.text}” `);
    item.append(text);
    cite(item, quote.citations, `q${n}`, text);
    return item;
  });
  const more = insights.quotes.length - insights.quotes_shown;
  if (more > 0 && read.includes("quotes")) briefNode.append(element("p", { class: "none" }, `… and ${more} more (every quote is in the JSON)`));
  section({ key: "entities", text: "People and organisations" }, insights.entities, (entity) =>
    element("li", {}, `${entity.name} (${entity.kind}, ${entity.sources} sources)`));
  section({ key: "timeline", text: "Timeline" }, insights.timeline, (event, n) => {
    const item = element("li");
    const text = element("span", {}, `${event.label}: ${event.text} `);
    item.append(text);
    cite(item, event.citations, `t${n}`, text);
    return item;
  });
  section({ key: "disagreements", text: "Disagreements" }, insights.disagreements, (disagreement, n) => {
    const item = element("li", {}, `${disagreement.about}: `);
    disagreement.claims.forEach((claim, c) => {
      const text = element("span", {}, `${claim.value} `);
      item.append(text);
      cite(item, [claim.citation], `d${n}-${c}`, text);
      item.append(" ");
    });
    return item;
  });
  if (insights.unavailable) {  // what this language's insights cannot read, and why
    briefNode.append(element("h3", {}, read.length ? "Other insights" : "Insights"));
    briefNode.append(element("p", { class: "none" }, insights.unavailable));
  }
}

function light(trigger, keys, sourcesNode) {
  const on = () => {
    const marks = [...sourcesNode.querySelectorAll(".cited")].filter((mark) =>
      mark.dataset.keys.split(" ").some((k) => keys.includes(k)),
    );
    marks.forEach((mark) => mark.classList.add("lit"));
    if (marks.length) reveal(marks[0], sourcesNode);
  };
  const off = () => sourcesNode.querySelectorAll(".lit").forEach((m) => m.classList.remove("lit"));
  trigger.addEventListener("mouseenter", on);
  trigger.addEventListener("mouseleave", off);
  trigger.addEventListener("focus", on);
  trigger.addEventListener("blur", off);
}

// Scroll the sources panel (only it: moving the page would pull the citation away from
// the pointer) so the highlighted text is in view.
function reveal(mark, panel) {
  const top = mark.getBoundingClientRect().top - panel.getBoundingClientRect().top;
  if (top < 0 || top > panel.clientHeight - 40) panel.scrollTop += top - panel.clientHeight / 3;
}

// A source in its own language and direction (writing: its lang and dir attributes).
function source(doc, n, spans, writing) {
  const box = element("section", { class: doc.flagged ? "source flagged" : "source" });
  box.append(element("h3", writing, `[${n}] ${doc.title || doc.id}`));
  const meta = element("p", { class: "meta" }, doc.id);
  if (doc.url && /^https?:\/\//i.test(doc.url)) {
    meta.append(" · ");
    meta.append(element("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, doc.url));
  }
  box.append(meta);
  if (doc.flagged) box.append(element("p", { class: "flag" }, `Left out: ${doc.reason}`));
  if (doc.text) {
    const body = sourceText(doc.text, spans);
    Object.entries(writing).forEach(([name, value]) => body.setAttribute(name, value));
    box.append(body);
  }
  return box;
}

// The text cut at every citation boundary; each piece knows which citations cover it.
function sourceText(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const span of spans) cuts.add(span.start).add(span.end);
  const points = [...cuts].sort((a, b) => a - b);
  const body = element("div", { class: "source-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const keys = spans.filter((s) => s.start <= start && end <= s.end).map((s) => s.key);
    const piece = text.slice(start, end);
    body.append(keys.length ? element("span", { class: "cited", "data-keys": keys.join(" ") }, piece) : piece);
  }
  return body;
}

// ---- stories ---------------------------------------------------------------------------------
let storiesLoaded = false;

async function loadStories() {
  if (storiesLoaded) return;
  storiesLoaded = true;
  $("stories-status").textContent = "Loading stories…";
  const response = await fetch("/v1/stories");
  const data = await response.json();
  if (!response.ok) {
    $("stories-status").textContent = describe(data.detail);
    return;
  }
  $("stories-status").textContent = data.length ? `${data.length} stories` : "The store has no stories yet.";
  for (const story of data) {
    const button = element("button", { type: "button", class: "story" });
    button.append(element("strong", {}, story.headline || `Story ${story.id}`));
    button.append(element("span", { class: "meta" },
      ` ${story.articles.length} articles · ${story.sources} sources · ${story.last.slice(0, 10)}`));
    button.addEventListener("click", () => openStory(story.id));
    const item = element("li");
    item.append(button);
    $("story-list").append(item);
  }
}

async function openStory(id) {
  $("stories-status").textContent = `Making the brief of story ${id}…`;
  const response = await fetch(`/v1/stories/${encodeURIComponent(id)}`);
  const data = await response.json();
  if (!response.ok || !data.brief) {
    $("stories-status").textContent = `No brief: ${data.brief_error || describe(data.detail)}`;
    return;
  }
  showBrief(data.brief, $("story-brief"), $("story-sources"), `s${id}`);
  $("story-result").hidden = false;
  $("story-brief").querySelector("h2").focus();
  $("stories-status").textContent = `Story ${id}: ${data.headline || ""}`;
}

// ---- start -----------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  setupTabs();
  addArticle();
  addArticle();
  $("add-article").addEventListener("click", () => addArticle().focus());
  $("brief-form").addEventListener("submit", makeBrief);
  $("files").addEventListener("change", (event) => takeFiles(event.target.files));
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    takeFiles(event.dataTransfer.files);
  });
});
