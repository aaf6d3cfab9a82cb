// Checklists in articles (pymdownx.tasklist with clickable boxes): a reader's
// ticks are kept in this browser, per page and per item, so a review that takes
// days can be picked up where it was left. An item is known by its text, so a
// writer who reorders or adds items keeps every reader's other ticks.
(() => {
  "use strict";
  const PREFIX = "hc-checklist:";
  const BOXES = ".md-typeset .task-list-control input[type=checkbox]";

  const itemText = (box) => box.closest("li").textContent.replace(/\s+/g, " ").trim().slice(0, 300);

  const load = (key) => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) || "[]");
      return new Set(Array.isArray(saved) ? saved : []);
    } catch {
      return new Set(); // storage blocked or unreadable: the boxes still tick, for this visit
    }
  };

  const store = (key, ticked) => {
    try {
      if (ticked.size) localStorage.setItem(key, JSON.stringify([...ticked]));
      else localStorage.removeItem(key);
    } catch {
      // Private mode or a full quota: nothing to keep, nothing to break.
    }
  };

  const setup = () => {
    const boxes = document.querySelectorAll(BOXES);
    if (!boxes.length) return;
    const key = PREFIX + location.pathname;
    const ticked = load(key);
    boxes.forEach((box) => {
      // The item's text is outside the box's label: name the box after it for screen readers.
      box.setAttribute("aria-label", itemText(box));
      box.checked = ticked.has(itemText(box));
      box.addEventListener("change", () => {
        if (box.checked) ticked.add(itemText(box));
        else ticked.delete(itemText(box));
        store(key, ticked);
      });
    });
  };

  // Material's instant navigation swaps pages without a reload and announces each one on document$.
  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
