/* The search box when a search finds nothing (overrides/partials/hc-search-help.html):
 * "Did you mean ...?" from the site's own words (the search worker sends it on
 * the BroadcastChannel "hc-search"; clicking it runs that search), a few
 * articles, and the support phone.
 *
 * A search that ended with nothing found (the reader paused, or pressed Enter)
 * is reported to the feedback service when the page names one in
 * <meta name="helpcenter:feedback-endpoint">: POST {endpoint}/api/searches with
 * {query, url}, the query alone (e-mail addresses and long numbers masked),
 * once per query and page view, without cookies. A query of only stop words or
 * single letters finds nothing (assets/javascripts/search-worker.js), so it is
 * reported too.
 *
 * The search worker fetches its index in parts, when the reader searches; focusing
 * the search box tells it (on the same channel) to fetch what every search needs.
 *
 * Material adds ?h= (the words to highlight on the page) to every result link;
 * a link with no words to highlight loses the empty ?h=.
 */
(() => {
  "use strict";

  if (window.helpCenterSearchHelp) return;
  window.helpCenterSearchHelp = true;

  const PAUSE = 1500; // ms without typing after which a search counts as the reader's final one
  const MAX_QUERY = 200;

  let config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch {
    // no Material configuration: nothing to do on this page
  }
  const base = new URL(config.base || ".", location.href);
  const none = (config.translations || {})["search.result.none"] || "No matching documents";
  const suggestions = new Map(); // query -> the worker's "did you mean" (or null)
  const unavailable = new Set(); // queries the worker could not answer (its index did not load): not failed searches
  const reported = new Set();
  let timer = 0;
  let pending = null; // a query to report once the worker has said whether it could look
  let watched = null;

  const input = () => document.querySelector("[data-md-component=search-query]");
  const output = () => document.querySelector("[data-md-component=search-result]");

  const foundNothing = () => {
    const box = input();
    const result = output();
    if (!box || !result || !box.value.trim()) return false;
    const meta = result.firstElementChild;
    const list = result.lastElementChild;
    return list.children.length === 0 && meta.textContent.trim() === none;
  };

  const endpoint = () => {
    const meta = document.querySelector('meta[name="helpcenter:feedback-endpoint"]');
    const value = meta ? meta.content.trim() : "";
    if (!value) return null;
    try {
      return new URL("api/searches", new URL(value.endsWith("/") ? value : `${value}/`, location.href));
    } catch {
      return null;
    }
  };

  // Bounded first: the patterns backtrack, and a shared ?q= link can be any length.
  const masked = (text) =>
    text
      .slice(0, MAX_QUERY * 2)
      .replace(/\S+@\S+/g, "[email]")
      .replace(/\+?\d[\d\s().-]{5,}\d/g, "[number]")
      .trim()
      .slice(0, MAX_QUERY);

  const report = (query) => {
    clearTimeout(timer);
    const box = input();
    if (!box || box.value !== query || !foundNothing()) return;
    if (typeof BroadcastChannel === "function" && !suggestions.has(query)) {
      // The worker's word on this query (found nothing, or could not look) comes on the channel, which may
      // arrive after its results: report once it has.
      pending = query;
      return;
    }
    pending = null;
    const text = masked(query);
    if (!text || reported.has(text) || unavailable.has(query)) return;
    reported.add(text);
    const target = endpoint();
    if (!target || !window.fetch) return;
    fetch(target, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: text, url: location.origin + location.pathname }),
      credentials: "omit",
      keepalive: true,
    }).catch(() => {
      // the service is down or unreachable: the reader's search is unaffected
    });
  };

  const correct = (event) => {
    // Run the suggested search here, instead of following the link (and closing the search box).
    event.preventDefault();
    event.stopPropagation();
    const box = input();
    if (!box) return;
    box.value = event.currentTarget.textContent;
    box.focus();
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  };

  let help = null; // the empty state, made once from its <template>

  const show = (result) => {
    if (!help) {
      const template = document.getElementById("hc-search-help");
      if (!template) return;
      help = template.content.firstElementChild.cloneNode(true);
      // Site-relative paths, resolved here: instant navigation keeps this copy across pages.
      for (const link of help.querySelectorAll("[data-hc-path]")) link.href = new URL(link.dataset.hcPath, base).href;
      help.querySelector("[data-hc-suggestion]").addEventListener("click", correct);
    }
    // Between Material's count and its list, which Material finds as first and last child.
    if (help.parentElement !== result) result.insertBefore(help, result.lastElementChild);
  };

  const withoutEmptyHighlight = (result) => {
    for (const link of result.querySelectorAll('a.md-search-result__link[href*="h="]')) {
      const address = new URL(link.href);
      if (address.searchParams.get("h") !== "") continue;
      address.searchParams.delete("h");
      link.href = address.href;
    }
  };

  const update = () => {
    const result = output();
    if (!result) return;
    withoutEmptyHighlight(result);
    if (!foundNothing()) {
      // Out of the page, not hidden: Material's Enter and arrow keys look at every link in the results.
      if (help && help.parentElement) help.remove();
      clearTimeout(timer);
      return;
    }
    show(result);
    if (!help) return;
    const query = input().value;
    const suggestion = suggestions.get(query);
    const line = help.querySelector(".hc-search-help__suggestion");
    const link = line.querySelector("a");
    line.hidden = !suggestion;
    if (!suggestion) {
      link.removeAttribute("href"); // out of Material's arrow-key order while hidden
    } else if (link.textContent !== suggestion || !link.hasAttribute("href")) {
      link.textContent = suggestion;
      const address = new URL(location.href);
      address.search = "";
      address.hash = "";
      address.searchParams.set("q", suggestion);
      link.href = address.href;
    }
    clearTimeout(timer);
    timer = setTimeout(() => report(query), PAUSE);
  };

  const watch = () => {
    const result = output();
    if (!result || result === watched) return;
    watched = result;
    const observer = new MutationObserver(update);
    observer.observe(result.firstElementChild, { childList: true, characterData: true, subtree: true });
    observer.observe(result.lastElementChild, { childList: true });
    update();
  };

  if (typeof BroadcastChannel === "function") {
    const channel = new BroadcastChannel("hc-search");
    // The worker fetches the index only when the reader comes to search: focusing the box starts it.
    let warmed = false;
    document.addEventListener("focusin", (event) => {
      if (warmed || event.target !== input()) return;
      warmed = true;
      channel.postMessage({ warm: true });
    });
    channel.addEventListener("message", ({ data }) => {
      if (!data || typeof data.query !== "string") return;
      if (suggestions.size > 100) suggestions.clear();
      suggestions.set(data.query, typeof data.suggestion === "string" ? data.suggestion : null);
      if (unavailable.size > 100) unavailable.clear();
      if (data.unavailable === true) unavailable.add(data.query);
      else unavailable.delete(data.query);
      const box = input();
      if (box && box.value === data.query) update();
      if (pending === data.query) report(data.query);
    });
  }

  // Enter in a search that found nothing: report it now. Material would "open the best result",
  // which here would be one of our links, so it does not see this key.
  document.addEventListener(
    "keydown",
    (event) => {
      const box = input();
      if (event.key !== "Enter" || !box || event.target !== box || !help || !help.parentElement) return;
      event.preventDefault();
      event.stopPropagation();
      report(box.value);
    },
    true,
  );

  // Material's instant navigation swaps pages without reloading scripts.
  if (typeof document$ !== "undefined") document$.subscribe(watch);
  else watch();
})();
