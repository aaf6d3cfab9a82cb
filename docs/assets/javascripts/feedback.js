/* "Was this article helpful?" (overrides/partials/hc-feedback.html).
 *
 * With extra.feedback.endpoint set in mkdocs.yml, each answer is one JSON POST
 * {url, title, vote, reason, comment, version}. Without it, the prefilled
 * "report a problem" link gets the reader's reason and comment. The request is
 * fire-and-forget: it never blocks the page and a failure (offline, endpoint
 * down) is silently ignored. The vote is remembered per page in localStorage.
 */
(() => {
  "use strict";

  const PREFIX = "hc-feedback:";
  const THANKS = {
    yes: "Thank you for your feedback.",
    no: "Thank you. Your feedback helps us improve this article.",
    again: "Thank you, you already told us whether this article helped.",
  };

  const recall = (key) => {
    try {
      return localStorage.getItem(PREFIX + key);
    } catch {
      return null; // storage disabled
    }
  };

  const remember = (key, vote) => {
    try {
      localStorage.setItem(PREFIX + key, vote);
    } catch {
      // storage full or disabled: the widget simply asks again next time
    }
  };

  const send = (widget, answer) => {
    const endpoint = widget.dataset.endpoint;
    if (!endpoint || !window.fetch) return;
    const body = JSON.stringify({
      url: widget.dataset.url,
      title: widget.dataset.title,
      vote: answer.vote,
      reason: answer.reason || null,
      comment: answer.comment || null,
      version: widget.dataset.version || null,
    });
    try {
      fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        credentials: "omit",
        keepalive: true,
      }).catch(() => {});
    } catch {
      // a malformed endpoint must not break the page either
    }
  };

  const withDetails = (link, answer) => {
    // Carry the reader's answer into the prefilled issue.
    try {
      const url = new URL(link.href);
      const key = url.searchParams.has("issue[body]") ? "issue[body]" : "body";
      const lines = [url.searchParams.get(key) || ""];
      if (answer.reasonLabel) lines.push(`Reason: ${answer.reasonLabel}`);
      if (answer.comment) lines.push(`Comment: ${answer.comment}`);
      url.searchParams.set(key, lines.join("\n"));
      link.href = url.href;
    } catch {
      // keep the link as built
    }
  };

  const setup = (widget) => {
    if (widget.dataset.ready) return;
    widget.dataset.ready = "true";
    const ask = widget.querySelector(".hc-feedback__ask");
    const more = widget.querySelector(".hc-feedback__more");
    const status = widget.querySelector(".hc-feedback__status");
    const report = widget.querySelector("[data-hc-report]");
    const key = widget.dataset.page;

    const finish = (answer, message) => {
      const hadFocus = widget.contains(document.activeElement);
      ask.hidden = true;
      more.hidden = true;
      status.textContent = message;
      if (answer) {
        remember(key, answer.vote);
        send(widget, answer);
        if (report) withDetails(report, answer);
      }
      // The controls are gone: keep keyboard users in place.
      if (hadFocus) status.focus();
    };

    if (recall(key)) {
      finish(null, THANKS.again);
      return;
    }
    ask.hidden = false;
    ask.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-vote]");
      if (!button) return;
      if (button.dataset.vote === "yes") {
        finish({ vote: "yes" }, THANKS.yes);
        return;
      }
      button.setAttribute("aria-expanded", "true");
      more.hidden = false;
      more.querySelector("input").focus();
    });
    more.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(more);
      const comment = String(data.get("comment") || "").trim();
      const chosen = more.querySelector("input[name=reason]:checked");
      const reasonLabel = chosen ? chosen.parentElement.textContent.trim() : "";
      finish({ vote: "no", reason: data.get("reason"), reasonLabel, comment }, THANKS.no);
    });
  };

  const init = () => document.querySelectorAll("[data-hc-feedback]").forEach(setup);

  // Material's instant navigation swaps pages without reloading scripts.
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
