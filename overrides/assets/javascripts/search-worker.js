/* The help center's search engine. Material's search box runs it as its web
 * worker (hooks/jobs/search.py points the theme's worker URL here), so Material's
 * UI (as-you-type results, suggestions, highlighting, sharing, keyboard) stays
 * as it is and only the matching and ranking are ours:
 *
 * - words are compared by a light English stem (invoices, invoiced -> invoic);
 * - a word the site never uses also matches the site's words of 5 or more
 *   letters one edit away (insert, delete, substitute, transpose);
 * - the last word, while typed, matches as a prefix;
 * - a word or phrase of data/synonyms.yml also matches the other words of
 *   its group (the groups come with the index, in config.hc.synonyms);
 * - a section scores by BM25 over its heading and text, times the share of
 *   the query it covers, times the page's boost (articles above section
 *   index pages and the home page; set by the build); a heading, above all a
 *   question, whose words the query covers ranks its answer first.
 *
 * Stop words and single letters never match: a query of nothing else finds
 * nothing, so the page's script logs it as a failed search. Only the words the
 * reader typed (and their typos) are highlighted, never a synonym's.
 *
 * A search that finds nothing gets a "did you mean" from the site's words,
 * announced on the BroadcastChannel "hc-search" for the page's script
 * (assets/javascripts/search.js), which shows it with the empty state; only a
 * suggestion that finds something is offered.
 */
"use strict";

// Material's worker protocol (integrations/search/worker/message in Material 9).
const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

// Words a reader types around what they mean; alone, they mean nothing to search for.
// They are written without apostrophes, as fold() leaves them. codespell:ignore-begin
const STOP = new Set(
  (
    "a about after all also am an and any are as at be been being but by can could did do does for from get gets " +
    "got had has have having he her here hers him his how i id if im in into is it its ive just me my myself nor " +
    "of off on or our ours please she should so some such than that thats the their them then there these they " +
    "this those to too us very was we were what whats when where which while who whom whos why will with would " +
    "you your yours"
  ).split(" "),
);

const WEIGHT = {
  exact: 1,
  fuzzy: 0.8, // one edit away: a typo
  prefix: 0.7, // the word still being typed
  longer: 0.5, // a longer word that starts with a whole word of the query ("check" -> "checklist")
  synonym: 0.85,
};
const FIELD = { title: 4, text: 1, page: 1 }; // a section's heading, its text, and its page's title
const HEADING_BONUS = { page: 2, question: 2, heading: 1 }; // by what the heading is: a page title, a question, other
const BM25 = { k1: 1.2, b: 0.75 };
const TYPO_LENGTH = 5; // words this long (as meant, not as typed) are found with one letter wrong
const SUGGEST_TWO_EDITS = 7; // "did you mean" corrects two letters only in words this long
const MAX_GROUPS = 100;
const MAX_BONUS = 1 + Math.max(...Object.values(HEADING_BONUS));
const FULL_SCORES = 300; // results a reader could ever scroll to: scored in full (heading bonus, matched words); the rest keep their base score
const MAX_PREFIX = 24; // completions tried for the word being typed
const TEASER = 240; // characters of text shown under a result

const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu;

// Every way of saying "not" is one word: "can't pay" asks what "cannot pay" and "unable to pay" ask.
const NEGATIONS = new Set(
  (
    "not no never cannot cant unable dont doesnt didnt isnt arent wasnt werent wont wouldnt couldnt shouldnt " +
    "hasnt havent hadnt"
  ).split(" "),
); // codespell:ignore-end

/** Lower case, accents off, apostrophes out, negations as "not" ("Firm's" -> "firm", "can't" -> "not"). */
function fold(word) {
  const folded = word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .replace(/'s$/, "")
    .replace(/'/g, "");
  return NEGATIONS.has(folded) ? "not" : folded;
}

const analyzed = new Map(); // a token as written -> [its folded word, that word's stem]: most tokens repeat

/** A token as written -> [folded word, stem]. */
function analyze(token) {
  let found = analyzed.get(token);
  if (!found) {
    const word = fold(token);
    analyzed.set(token, (found = [word, stem(word)]));
  }
  return found;
}

/** Every word of ``text`` with where it is: [{word, stem, start, end}]. */
function wordsOf(text) {
  const found = [];
  for (const match of text.matchAll(WORD)) {
    const [word, s] = analyze(match[0]);
    found.push({ word, stem: s, start: match.index, end: match.index + match[0].length });
  }
  return found;
}

const VOWEL = /[aeiouy]/;

/** A light English stem: plurals, -ing, -ed, -ly, -ation and a final e (invoices, invoiced, invoice -> invoic). */
function stem(word) {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ["ing", "ed"]) {
    const rest = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && rest.length >= 3 && VOWEL.test(rest)) {
      w = /([^aeiouylsz])\1$/.test(rest) && rest.length > 3 ? rest.slice(0, -1) : rest;
      break;
    }
  }
  if (w.endsWith("ly") && w.length >= 7) w = w.slice(0, -2);
  if (w.endsWith("ation") && w.length > 7) w = `${w.slice(0, -5)}ate`;
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Optimal string alignment distance (one transposition counts as one edit), or ``max + 1`` beyond ``max``. */
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** The index's text is HTML-escaped text without tags (hooks/helpcenter/search/index.py). */
function unescapeHTML(text) {
  return text.replace(/&(amp|lt|gt);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">" })[name]);
}

/** Whether a folded word says something to search for: not a stop word, not a single letter or digit. */
function meaningful(word) {
  return word.length > 1 && !STOP.has(word);
}

/** The words of a phrase that carry meaning (all of them if every one is a stop word), stemmed. */
function contentStems(text) {
  const words = wordsOf(text).map((found) => found.word);
  const content = words.filter(meaningful);
  return (content.length ? content : words).map(stem);
}

class Engine {
  constructor({ config, docs }) {
    this.docs = [];
    this.postings = new Map(); // stem -> [doc, title count, text count, ...]
    this.vocabulary = new Map(); // word -> {stem, uses}
    const pages = new Map(); // page location -> index of its doc
    this.sections = new Map(); // index of a page's doc -> indexes of its sections' docs
    let textWords = 0;
    for (const source of docs) {
      const [path] = source.location.split("#");
      const doc = {
        location: source.location,
        title: unescapeHTML(source.title || ""),
        text: unescapeHTML(source.text || ""),
        boost: (typeof source.boost === "number" ? source.boost : 1) * (typeof source.w === "number" ? source.w : 1),
        page: null,
        length: 0,
      };
      const pageAt = pages.get(path);
      if (pageAt === undefined) pages.set(path, this.docs.length);
      else doc.page = this.docs[pageAt];
      doc.titleStems = new Set();
      const index = this.docs.length;
      const add = (text, field) => {
        for (const token of text.match(WORD) || []) {
          const [word, s] = analyze(token);
          const entry = this.vocabulary.get(word);
          if (entry) entry.uses += field === 1 ? 3 : 1;
          else this.vocabulary.set(word, { stem: s, uses: field === 1 ? 3 : 1 });
          let list = this.postings.get(s);
          if (!list) this.postings.set(s, (list = []));
          if (list[list.length - 3] !== index) list.push(index, 0, 0);
          list[list.length - 3 + field] += 1; // field 1: in the heading, 2: in the text
          if (field === 1) doc.titleStems.add(s);
          else doc.length += 1;
        }
      };
      add(doc.title, 1);
      add(doc.text, 2);
      textWords += doc.length;
      doc.question = /\?\s*$/.test(doc.title);
      doc.headingStems = new Set(contentStems(doc.title));
      this.docs.push(doc);
      if (pageAt !== undefined) {
        if (!this.sections.has(pageAt)) this.sections.set(pageAt, []);
        this.sections.get(pageAt).push(index);
      }
    }
    this.averageLength = textWords / Math.max(1, this.docs.length) || 1;
    this.words = [...this.vocabulary.keys()].sort();
    this.byLength = new Map();
    for (const word of this.words) {
      if (!this.byLength.has(word.length)) this.byLength.set(word.length, []);
      this.byLength.get(word.length).push(word);
    }
    this.setupSynonyms((config.hc && config.hc.synonyms) || []);
  }

  setupSynonyms(groups) {
    this.synonyms = new Map(); // stems of a term, joined by spaces -> the stem lists of its group
    this.synonymWords = new Map(); // a word used in a synonym -> its stem (typos of readers' words match too)
    this.longestSynonym = 1;
    for (const group of groups) {
      const terms = group.map(contentStems).filter((stems) => stems.length);
      for (const stems of terms) {
        this.synonyms.set(stems.join(" "), terms);
        this.longestSynonym = Math.max(this.longestSynonym, stems.length);
      }
      for (const term of group) {
        for (const { word } of wordsOf(term)) this.synonymWords.set(word, stem(word));
      }
    }
  }

  documentFrequency(s) {
    const list = this.postings.get(s);
    return list ? list.length / 3 : 0;
  }

  idf(s) {
    const n = this.docs.length;
    const df = this.documentFrequency(s);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Words of the site (and of the synonyms) one edit from ``word``: [[word, stem]]. */
  typoCandidates(word, max) {
    const found = [];
    for (let length = word.length - max; length <= word.length + max; length++) {
      for (const candidate of this.byLength.get(length) || []) {
        if (distance(word, candidate, max) <= max) found.push([candidate, this.vocabulary.get(candidate).stem]);
      }
    }
    for (const [candidate, s] of this.synonymWords) {
      if (!this.vocabulary.has(candidate) && distance(word, candidate, max) <= max) found.push([candidate, s]);
    }
    return found;
  }

  /** Site words that start with ``prefix``, most used first. */
  completions(prefix) {
    let low = 0;
    let high = this.words.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.words[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const found = [];
    for (let i = low; i < this.words.length && this.words[i].startsWith(prefix); i++) found.push(this.words[i]);
    found.sort((a, b) => this.vocabulary.get(b).uses - this.vocabulary.get(a).uses);
    return found.slice(0, MAX_PREFIX);
  }

  /** One query word -> the stems it may match, each with a weight; and the stem synonyms are looked up by. */
  term(word, typing) {
    const s = stem(word);
    const stems = new Map();
    const known = this.postings.has(s) || this.synonymWords.has(word);
    if (this.postings.has(s)) stems.set(s, WEIGHT.exact);
    let primary = s;
    if (!known && word.length >= TYPO_LENGTH - 1) {
      let best = -1;
      for (const [candidate, candidateStem] of this.typoCandidates(word, 1)) {
        if (candidate.length < TYPO_LENGTH) continue;
        if (this.postings.has(candidateStem)) stems.set(candidateStem, WEIGHT.fuzzy);
        const uses = this.vocabulary.has(candidate) ? this.vocabulary.get(candidate).uses : 0;
        if (uses > best) [best, primary] = [uses, candidateStem];
      }
    }
    if (typing || !known || word.length >= 4) {
      const weight = typing || !known ? WEIGHT.prefix : WEIGHT.longer;
      for (const completion of this.completions(word)) {
        const completionStem = this.vocabulary.get(completion).stem;
        if (!stems.has(completionStem)) stems.set(completionStem, weight);
      }
    }
    return { word, stems, raw: s, primary };
  }

  /** The query as slots: each slot is what one word (or phrase) asks, with its alternatives. */
  analyze(query) {
    const found = wordsOf(query);
    const typingAt = /[\p{L}\p{N}]$/u.test(query) ? found.length - 1 : -1;
    const content = found
      .map((item, index) => ({ ...item, typing: index === typingAt }))
      .filter((item) => meaningful(item.word));
    const terms = content.map((item) => ({ ...this.term(item.word, item.typing), start: item.start, end: item.end }));
    const slots = [];
    for (let i = 0; i < terms.length; ) {
      let matched = null;
      for (let length = Math.min(this.longestSynonym, terms.length - i); length >= 1 && !matched; length--) {
        const part = terms.slice(i, i + length);
        for (const key of [part.map((t) => t.raw).join(" "), part.map((t) => t.primary).join(" ")]) {
          if (this.synonyms.has(key)) {
            matched = { part, key, group: this.synonyms.get(key) };
            break;
          }
        }
      }
      const part = matched ? matched.part : [terms[i]];
      const alternatives = [{ weight: 1, parts: part.map((t) => t.stems) }];
      if (matched) {
        for (const stems of matched.group) {
          if (stems.join(" ") === matched.key) continue;
          alternatives.push({ weight: WEIGHT.synonym, parts: stems.map((s) => new Map([[s, 1]])) });
        }
      }
      slots.push({ words: part.map((t) => t.word), alternatives });
      i += part.length;
    }
    return { slots, found };
  }

  /** How well ``s`` matches each doc, by doc index (computed once per query and stem, from its postings). */
  stemScores(s, cache) {
    let scores = cache.get(s);
    if (scores) return scores;
    scores = new Float64Array(this.docs.length);
    const list = this.postings.get(s) || [];
    const idf = this.idf(s);
    for (let i = 0; i < list.length; i += 3) {
      const index = list[i];
      const title = list[i + 1];
      const text = list[i + 2];
      const doc = this.docs[index];
      const norm = BM25.k1 * (1 - BM25.b + (BM25.b * doc.length) / this.averageLength);
      scores[index] += idf * (FIELD.title * (title ? 1 : 0) + (FIELD.text * text * (BM25.k1 + 1)) / (text + norm));
      // The page's title also speaks for each of its sections.
      if (title && !doc.page) for (const section of this.sections.get(index) || []) scores[section] += idf * FIELD.page;
    }
    cache.set(s, scores);
    return scores;
  }

  /** Adds to ``into`` the docs that have ``s`` in their text or heading, or in their page's title. */
  docsWith(s, into, marked) {
    const add = (index) => {
      if (!marked[index]) {
        marked[index] = 1;
        into.push(index);
      }
    };
    const list = this.postings.get(s) || [];
    for (let i = 0; i < list.length; i += 3) {
      add(list[i]);
      if (list[i + 1] && !this.docs[list[i]].page) for (const section of this.sections.get(list[i]) || []) add(section);
    }
  }

  /** The score without the heading bonus, cheaply: what decides which docs are worth scoring in full. */
  baseScore(index, slots) {
    let total = 0;
    let covered = 0;
    for (const slot of slots) {
      let best = 0;
      let bestCover = 0;
      for (const alternative of slot.alternatives) {
        let sum = 0;
        let hits = 0;
        for (const part of alternative.compiled) {
          let partBest = 0;
          for (let i = 0; i < part.length; i++) partBest = Math.max(partBest, part[i].weight * part[i].scores[index]);
          if (partBest > 0) {
            sum += partBest;
            hits += 1;
          }
        }
        const n = alternative.parts.length;
        const value = (alternative.weight * sum * hits * hits) / (n * n * n);
        if (value > best) [best, bestCover] = [value, hits / n];
      }
      total += best;
      covered += bestCover;
    }
    const coverage = covered / slots.length;
    return total * coverage * coverage * this.docs[index].boost;
  }

  score(index, slots) {
    const doc = this.docs[index];
    let total = 0;
    let covered = 0;
    let inHeading = 0;
    const matched = new Map(); // stem -> how exactly the query asked for it (1 as typed, less for a synonym or typo)
    const typed = new Set(); // stems of the words the reader typed (or mistyped), not of their synonyms
    for (const slot of slots) {
      let best = null;
      for (const alternative of slot.alternatives) {
        let sum = 0;
        let heading = 0;
        const stems = [];
        for (const part of alternative.compiled) {
          let partBest = 0;
          let partStem = null;
          for (const { s, weight, scores } of part) {
            const value = weight * scores[index];
            if (value > partBest) [partBest, partStem] = [value, { s, weight }];
          }
          if (partStem) {
            sum += partBest;
            stems.push([partStem.s, partStem.weight * alternative.weight]);
            if (doc.titleStems.has(partStem.s)) heading += 1;
          }
        }
        const n = alternative.parts.length;
        const cover = stems.length / n;
        const value = (alternative.weight * sum * cover * cover) / n;
        if (value > 0 && (!best || value > best.value)) best = { value, cover, stems, inHeading: heading === n };
        // What the reader typed is marked even where a synonym scores higher.
        if (alternative === slot.alternatives[0]) for (const [s] of stems) typed.add(s);
      }
      if (!best) continue;
      total += best.value;
      covered += best.cover;
      if (best.inHeading) inHeading += slot.rarity;
      for (const [s, weight] of best.stems) matched.set(s, Math.max(weight, matched.get(s) || 0));
    }
    if (!total) return null;
    const coverage = covered / slots.length;
    let bonus = 1;
    if (doc.headingStems.size) {
      // How much of the heading the query asked for, and how much of the query the heading holds.
      let asked = 0;
      for (const s of doc.headingStems) asked += matched.get(s) || 0;
      const headingShare = asked / doc.headingStems.size;
      const queryShare = inHeading / slots.rarity;
      const kind = doc.page ? (doc.question ? "question" : "heading") : "page";
      bonus += HEADING_BONUS[kind] * headingShare * headingShare * queryShare;
    }
    return { score: total * coverage * coverage * doc.boost * bonus, matched: new Set(matched.keys()), typed };
  }

  search(query, suggesting = true) {
    const { slots, found } = this.analyze(query);
    if (!slots.length) return { items: [], suggestion: null, suggest: [] };
    // What a slot weighs when a heading holds it: its rarest word as typed ("format" says more than "number").
    slots.rarity = 0;
    for (const slot of slots) {
      let rarity = 0;
      for (const part of slot.alternatives[0].parts) {
        for (const [s, weight] of part) if (weight >= WEIGHT.fuzzy) rarity = Math.max(rarity, this.idf(s));
      }
      slot.rarity = rarity || this.idf("");
      slots.rarity += slot.rarity;
    }
    const candidates = [];
    const marked = new Uint8Array(this.docs.length);
    for (const slot of slots) {
      for (const alternative of slot.alternatives) {
        for (const part of alternative.parts) for (const s of part.keys()) this.docsWith(s, candidates, marked);
      }
    }
    const cache = new Map();
    for (const slot of slots) {
      for (const alternative of slot.alternatives) {
        alternative.compiled = alternative.parts.map((part) =>
          [...part].map(([s, weight]) => ({ s, weight, scores: this.stemScores(s, cache) })),
        );
      }
    }
    const base = candidates.map((index) => ({ index, base: this.baseScore(index, slots) }));
    base.sort((a, b) => b.base - a.base);
    // The heading bonus multiplies by at most MAX_BONUS: a doc whose base score times that stays below the
    // FULL_SCORES-th best full score cannot climb into the first results; it keeps its base score.
    const scored = [];
    const full = [];
    for (const { index, base: score } of base) {
      if (!score) break;
      const floor = full.length >= FULL_SCORES ? full[FULL_SCORES - 1] : 0;
      if (score * MAX_BONUS < floor) {
        scored.push({ index, score, matched: null, typed: null });
        continue;
      }
      const result = this.score(index, slots);
      if (!result) continue;
      scored.push({ index, ...result });
      full.push(result.score);
      if (full.length > FULL_SCORES * 2) full.sort((a, b) => b - a).length = FULL_SCORES;
      else if (full.length === FULL_SCORES) full.sort((a, b) => b - a);
    }
    scored.sort((a, b) => b.score - a.score || a.index - b.index);
    const groups = new Map(); // page doc -> its scored docs, best first
    for (const item of scored) {
      const doc = this.docs[item.index];
      const page = doc.page || doc;
      if (!groups.has(page)) {
        if (groups.size >= MAX_GROUPS) continue;
        groups.set(page, []);
      }
      groups.get(page).push(item);
    }
    const items = [];
    for (const [page, group] of groups) {
      const rendered = group.map((item) => {
        const { matched, typed } = item.matched ? item : this.score(item.index, slots);
        return this.render(this.docs[item.index], item.score, matched, typed, slots);
      });
      if (!group.some((item) => this.docs[item.index] === page)) {
        // The page's own link (Material shows it above its sections) highlights what its sections matched.
        const terms = {};
        for (const section of rendered) {
          for (const [word, hit] of Object.entries(section.terms)) if (hit) terms[word] = true;
        }
        rendered.push({ location: page.location, title: escapeHTML(page.title), text: "", score: 0, terms });
      }
      items.push(rendered);
    }
    return {
      items,
      suggestion: items.length || !suggesting ? null : this.didYouMean(query, found),
      suggest: this.suggest(query),
    };
  }

  /** Material's item for one doc: heading and a teaser with the words the reader typed marked. */
  render(doc, score, matched, typed, slots) {
    const marks = (text) => wordsOf(text).filter((item) => typed.has(item.stem));
    const highlight = (text, spans) => {
      let html = "";
      let at = 0;
      for (const span of spans) {
        html += `${escapeHTML(text.slice(at, span.start))}<mark data-md-highlight>${escapeHTML(
          text.slice(span.start, span.end),
        )}</mark>`;
        at = span.end;
      }
      return html + escapeHTML(text.slice(at));
    };
    const titleSpans = marks(doc.title);
    let text = doc.text;
    let spans = marks(text);
    // Start the teaser at the sentence of the first match, so the reader sees why it matched.
    let from = 0;
    if (spans.length && spans[0].start > TEASER / 2) {
      const sentence = Math.max(text.lastIndexOf(". ", spans[0].start) + 2, text.lastIndexOf("? ", spans[0].start) + 2);
      from = sentence > 1 && spans[0].start - sentence < TEASER / 2 ? sentence : spans[0].start;
    }
    let to = Math.min(text.length, from + TEASER);
    if (to < text.length) to = Math.max(from + 1, text.lastIndexOf(" ", to));
    const clipped = text.slice(from, to);
    spans = spans
      .filter((span) => span.start >= from && span.end <= to)
      .map((span) => ({ ...span, start: span.start - from, end: span.end - from }));
    text = `${from > 0 ? "\u2026 " : ""}${highlight(clipped, spans)}${to < doc.text.length ? " \u2026" : ""}`;
    const terms = {}; // Material: matched words (for ?h= highlighting on the page) and missing ones
    for (const { word } of [...titleSpans, ...spans]) {
      if (Object.keys(terms).length < 6) terms[word] = true;
    }
    for (const slot of slots) {
      const hit = slot.alternatives.some((a) => a.parts.some((part) => [...part.keys()].some((s) => matched.has(s))));
      if (!hit) terms[slot.words.join(" ")] = false;
    }
    return {
      location: doc.location,
      title: highlight(doc.title, titleSpans),
      text: text ? `<p>${text}</p>` : "",
      score,
      terms,
    };
  }

  /**
   * The query with each word the site does not know replaced by the site word it is most likely a typo of (or
   * left out when there is none); null when nothing was corrected or the corrected query finds nothing either.
   * A likely typo keeps the word's first letter and is at least TYPO_LENGTH letters long, one letter away (two
   * in a word of SUGGEST_TWO_EDITS or more): "reset" is not a typo of "rest", nor "export" of "import".
   */
  didYouMean(query, found) {
    let changed = false;
    let corrected = "";
    let at = 0;
    for (const { word, start, end } of found) {
      corrected += query.slice(at, start);
      at = end;
      let replacement = query.slice(start, end);
      if (meaningful(word) && !this.vocabulary.has(word) && !this.postings.has(stem(word))) {
        const max = word.length >= SUGGEST_TWO_EDITS ? 2 : 1;
        let best = null;
        for (const [candidate] of this.typoCandidates(word, max)) {
          if (!this.vocabulary.has(candidate) || candidate.length < TYPO_LENGTH || candidate[0] !== word[0]) continue;
          const rank = [distance(word, candidate, max), -this.vocabulary.get(candidate).uses];
          if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
            best = { candidate, rank };
          }
        }
        replacement = best ? best.candidate : ""; // a word with no likely correction is left out
        changed = changed || Boolean(best);
      }
      corrected += replacement;
    }
    corrected = (corrected + query.slice(at)).replace(/\s+/g, " ").trim();
    if (!changed || !corrected) return null;
    return this.search(corrected, false).items.length ? corrected : null;
  }

  /** Material's suggestion: the word being typed, completed with the site's most used word that starts so. */
  suggest(query) {
    if (!/[\p{L}\p{N}]$/u.test(query)) return [];
    const last = wordsOf(query).pop();
    if (!last || last.word.length < 2) return [];
    const typed = query.slice(last.start, last.end);
    const [completion] = this.completions(last.word).filter((word) => word !== last.word);
    if (!completion || !typed.toLowerCase().startsWith(completion.slice(0, typed.length))) return [];
    return [typed + completion.slice(typed.length)];
  }
}

const inWorker = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope;
if (inWorker) {
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("hc-search") : null;
  let engine = null;
  addEventListener("message", ({ data: message }) => {
    if (message.type === SETUP) {
      engine = new Engine(message.data);
      postMessage({ type: READY });
    } else if (message.type === QUERY) {
      const query = String(message.data || "");
      const { items, suggest, suggestion } = engine ? engine.search(query) : { items: [] };
      if (channel && query.trim()) channel.postMessage({ query, suggestion });
      postMessage({ type: RESULT, data: { items, suggest } });
    }
  });
} else {
  // Loaded into a page (the tests do this): expose the engine instead.
  self.HelpCenterSearch = { Engine, stem, distance, fold, contentStems, meaningful };
}
