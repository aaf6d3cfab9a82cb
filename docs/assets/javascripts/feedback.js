/* "Was this article helpful?" (overrides/partials/hc-feedback.html).
 *
 * Each answer is one JSON POST {url, title, vote, reason, comment, version} to
 * {endpoint}/api/votes, the endpoint coming from
 * <meta name="helpcenter:feedback-endpoint">. The reader is thanked only after
 * the service answered 2xx. The answer is queued in localStorage before it is
 * sent and leaves the queue only once the service answered, so an answer whose
 * request failed, or whose reader left the page mid-request, is sent again on
 * the next page load. A vote is remembered per page once it arrived. The Yes and
 * No buttons stay in place, the chosen one pressed (aria-pressed), and are
 * disabled once the answer is on its way.
 */
(() => {
  "use strict";

  const PREFIX = "hc-feedback:";
  const QUEUE = PREFIX + "queue";
  const MAX_QUEUED = 20;
  const MAX_AGE = 30 * 864e5; // a month, in ms
  const TIMEOUT = 10000;
  const TEXT = {
    yes: "Thank you for your feedback.",
    no: "Thank you. Your feedback helps us improve this article.",
    again: "Thank you, you already told us whether this article helped.",
    sending: "Sending your answer…",
    failed:
      "Your answer could not be sent: our feedback service cannot be reached right now. " +
      "We kept it and will send it the next time you open a page of this help center. " +
      "To talk to someone now, call the number above.",
    refused: "Sorry, your answer could not be recorded. To talk to someone now, call the number above.",
  };

  const load = (key) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage disabled
    }
  };
  const save = (key, value) => {
    try {
      localStorage.setItem(key, value);
    } catch {
      // storage full or disabled: the answer is only as safe as this page
    }
  };

  const queued = () => {
    try {
      const items = JSON.parse(load(QUEUE) || "[]");
      const now = Date.now();
      return Array.isArray(items) ? items.filter((item) => item && item.page && item.body && now - item.at < MAX_AGE) : [];
    } catch {
      return [];
    }
  };
  const unqueue = (page) => save(QUEUE, JSON.stringify(queued().filter((item) => item.page !== page)));
  const enqueue = (page, body) => {
    const items = queued().filter((item) => item.page !== page);
    items.push({ page, body, at: Date.now() });
    save(QUEUE, JSON.stringify(items.slice(-MAX_QUEUED)));
  };

  const endpoint = () => {
    const meta = document.querySelector('meta[name="helpcenter:feedback-endpoint"]');
    return meta && meta.content ? meta.content.replace(/\/+$/, "") : "";
  };

  // "ok" after a 2xx; "refused" when the service will never take it (4xx); else "failed" (try again later).
  const post = async (body) => {
    const base = endpoint();
    if (!base || !window.fetch) return "failed";
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT);
    try {
      const response = await fetch(new URL(base + "/api/votes", location.href), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "omit",
        signal: controller.signal,
      });
      if (response.ok) return "ok";
      const { status } = response;
      return status >= 400 && status < 500 && status !== 408 && status !== 429 ? "refused" : "failed";
    } catch {
      return "failed"; // offline, service down, CORS refused, timed out
    } finally {
      clearTimeout(timer);
    }
  };

  let flushing = false;
  // Answers queued on other pages; a failure means the service is still away: try again next time.
  const flush = async (skip) => {
    if (flushing || !endpoint()) return;
    flushing = true;
    try {
      for (const item of queued()) {
        if (skip.has(item.page)) continue;
        const result = await post(item.body);
        if (result === "failed") break;
        unqueue(item.page);
        if (result === "ok") save(PREFIX + item.page, item.body.vote);
      }
    } finally {
      flushing = false;
    }
  };

  const setup = (widget) => {
    const ask = widget.querySelector(".hc-feedback__ask");
    if (!ask || widget.dataset.ready) return; // no endpoint: the widget is the support phone only
    widget.dataset.ready = "true";
    const more = widget.querySelector(".hc-feedback__more");
    const status = widget.querySelector(".hc-feedback__status");
    const buttons = [...ask.querySelectorAll("button[data-vote]")];
    const noButton = ask.querySelector('button[data-vote="no"]');
    const key = widget.dataset.page;

    // The reader's choice stays visible; once it is sent, it cannot be clicked again.
    const press = (vote, { locked = false } = {}) => {
      buttons.forEach((button) => {
        button.setAttribute("aria-pressed", String(button.dataset.vote === vote));
        button.disabled = locked;
      });
    };

    const show = (message, { form = false } = {}) => {
      const hadFocus = widget.contains(document.activeElement);
      more.hidden = !form;
      noButton.setAttribute("aria-expanded", String(form));
      status.textContent = message;
      // When the controls in use disappear or are disabled, keep keyboard users in place.
      if (hadFocus && !form) status.focus();
    };

    const deliver = async (body) => {
      enqueue(key, body); // before sending: leaving the page mid-request must not lose it
      press(body.vote, { locked: true });
      show(TEXT.sending, { form: !more.hidden });
      const result = await post(body);
      if (result === "failed") {
        if (body.vote === "no") {
          // Keep what the reader wrote, also when this is a queued answer from an earlier visit.
          more.elements.comment.value = body.comment || "";
          more.querySelectorAll("input[name=reason]").forEach((input) => {
            input.checked = input.value === body.reason;
          });
        }
        press(body.vote); // kept for later; the reader may also try again now
        show(TEXT.failed, { form: body.vote === "no" });
        return;
      }
      unqueue(key);
      if (result === "ok") save(PREFIX + key, body.vote);
      show(result === "ok" ? TEXT[body.vote] : TEXT.refused);
    };

    const answer = (vote, reason, comment) => ({
      url: widget.dataset.url,
      title: widget.dataset.title,
      vote,
      reason: reason || null,
      comment: comment || null,
      version: widget.dataset.version || null,
    });

    ask.hidden = false;
    const remembered = load(PREFIX + key);
    if (remembered) {
      press(remembered, { locked: true });
      show(TEXT.again);
      return;
    }
    const waiting = queued().find((item) => item.page === key);
    if (waiting) {
      deliver(waiting.body);
      return;
    }
    ask.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-vote]");
      if (!button || button.disabled) return;
      if (button.dataset.vote === "yes") {
        more.hidden = true; // a "No" that was being written gives way to the "Yes"
        deliver(answer("yes"));
        return;
      }
      press("no");
      show("", { form: true });
      more.querySelector("input").focus();
    });
    more.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(more);
      deliver(answer("no", data.get("reason"), String(data.get("comment") || "").trim()));
    });
  };

  const init = () => {
    const widgets = [...document.querySelectorAll("[data-hc-feedback]")];
    widgets.forEach(setup);
    flush(new Set(widgets.map((widget) => widget.dataset.page)));
  };

  // Material's instant navigation swaps pages without reloading scripts.
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
