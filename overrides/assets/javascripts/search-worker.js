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
 *   its group (the groups come with the index);
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
 *
 * The index comes in parts, fetched when the reader searches (hooks/README.md,
 * "Search"; hooks/helpcenter/search/shards.py): the index Material posts is a
 * manifest naming their folder.
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
const MAX_GROUPS = 20; // pages in the results: each one's text is fetched when it is shown
const MAX_BONUS = 1 + Math.max(...Object.values(HEADING_BONUS));
const FULL_SCORES = 300; // results a reader could ever scroll to: scored in full (heading bonus, matched words); the rest keep their base score
const NO_HEADINGS = new Map(); // the headings of a stem no doc has
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

/** A prefix's shard file name, as the build writes it (hooks/helpcenter/search/shards.py): its UTF-8 in hex. */
function shardKey(prefix) {
  return [...new TextEncoder().encode(prefix)].map((byte) => byte.toString(16).padStart(2, "0")).join("") || "_";
}

/** The first letter of a word (a whole code point, as the build counts letters). */
function first(word) {
  return String.fromCodePoint(word.codePointAt(0));
}

class Engine {
  /** ``load(name)``: a promise of one file of the index's folder, parsed ("core.json", "p/62.json"). */
  constructor(load) {
    this.load = load;
    this.files = new Map(); // file name -> promise of its JSON
    this.opened = null;
    this.postings = new Map(); // stem -> {docs: Int32Array, counts: Uint16Array, headings: Map doc -> heading code}
    this.vocabulary = new Map(); // word -> {stem, uses}
    this.letters = new Map(); // first letter -> the site's words that start with it, sorted
    this.tails = new Map(); // second letter -> {a word without its first letter: the first letters it takes}
  }

  /** An engine over {file name: JSON text} (for the tests). */
  static fromFiles(files) {
    return new Engine((name) =>
      name in files ? Promise.resolve(JSON.parse(files[name])) : Promise.reject(new Error(`no ${name}`)),
    );
  }

  file(name) {
    let found = this.files.get(name);
    if (!found) {
      found = this.load(name);
      this.files.set(name, found);
      // A failed fetch (offline?) is tried again by the next search.
      found.catch(() => this.files.delete(name));
    }
    return found;
  }

  /** What every search needs: the docs' shape and the synonyms (core.json). */
  open() {
    if (!this.opened) {
      this.opened = this.file("core.json").then((core) => this.setup(core));
      this.opened.catch(() => {
        this.opened = null;
      });
    }
    return this.opened;
  }

  setup(core) {
    this.core = core;
    this.docs = [];
    this.sections = new Map(); // index of a page's doc -> indexes of its sections' docs
    const boosts = new Map(Object.entries(core.boosts).map(([index, boost]) => [Number(index), boost]));
    for (const count of core.pages) {
      const page = this.docs.length;
      for (let i = 0; i < count; i++) {
        const index = this.docs.length;
        const doc = {
          index,
          page: i ? this.docs[page] : null,
          length: core.lengths[index],
          boost: boosts.get(index) ?? 1,
          location: null, // and title and text: loadDocs
          title: "",
          text: "",
        };
        this.docs.push(doc);
      }
      if (count > 1) this.sections.set(page, Array.from({ length: count - 1 }, (_, i) => page + 1 + i));
    }
    this.pageStarts = []; // number of a page -> index of its doc
    this.pageOf = new Map(); // index of a page's doc -> its number
    let at = 0;
    core.pages.forEach((count, number) => {
      this.pageStarts.push(at);
      this.pageOf.set(at, number);
      at += count;
    });
    this.averageLength = core.average || 1;
    this.postingShards = new Set(core.postings);
    this.longestPrefix = Math.max(0, ...core.postings.map((prefix) => [...prefix].length));
    this.wordShards = new Set(core.words);
    this.tailShards = new Set(core.tails);
    this.setupSynonyms(core.synonyms || []);
  }

  /** Loads the postings of ``stems`` (with every stem that shares their shards). */
  async loadStems(stems) {
    const shards = new Set();
    for (const s of stems) {
      if (this.postings.has(s)) continue;
      const letters = [...s.slice(0, 2 * this.longestPrefix)]; // a pasted "word" can be any length
      for (let n = Math.min(letters.length, this.longestPrefix); n >= 1; n--) {
        const prefix = letters.slice(0, n).join("");
        if (this.postingShards.has(prefix)) {
          shards.add(prefix);
          break;
        }
      }
    }
    await Promise.all(
      [...shards].map(async (prefix) => {
        const name = `p/${shardKey(prefix)}.json`;
        const loaded = this.files.has(name);
        const shard = await this.file(name);
        if (loaded) return;
        for (const [s, list] of Object.entries(shard)) {
          const n = list.length / 3;
          const docs = new Int32Array(n);
          const counts = new Uint16Array(n);
          const headings = new Map();
          let at = 0;
          for (let i = 0; i < n; i++) {
            at += list[3 * i];
            docs[i] = at;
            if (list[3 * i + 1]) headings.set(at, list[3 * i + 1]);
            counts[i] = list[3 * i + 2];
          }
          this.postings.set(s, { docs, counts, headings });
        }
      }),
    );
  }

  /** Loads the site's words that start with each of ``letters``. */
  async loadLetters(letters) {
    await Promise.all(
      [...new Set(letters)]
        .filter((letter) => this.wordShards.has(letter) && !this.letters.has(letter))
        .map(async (letter) => {
          const entries = await this.file(`v/${shardKey(letter)}.json`);
          if (this.letters.has(letter)) return;
          const words = [];
          for (const [word, uses, s] of entries) {
            this.vocabulary.set(word, { stem: s ?? word, uses });
            words.push(word);
          }
          this.letters.set(letter, words);
        }),
    );
  }

  async loadTails(letters) {
    await Promise.all(
      [...new Set(letters)]
        .filter((letter) => this.tailShards.has(letter) && !this.tails.has(letter))
        .map(async (letter) => {
          const tails = await this.file(`t/${shardKey(letter)}.json`);
          this.tails.set(letter, tails);
        }),
    );
  }

  /** Loads the location, title and text of the docs of ``pages`` (their page docs). */
  async loadDocs(pages) {
    const starts = this.core.docs;
    const shards = new Set();
    for (const page of pages) {
      if (page.location !== null) continue;
      const number = this.pageOf.get(page.index);
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle] <= number) low = middle;
        else high = middle - 1;
      }
      shards.add(low);
    }
    await Promise.all(
      [...shards].map(async (shard) => {
        const entries = await this.file(`d/${shard}.json`);
        let index = this.pageStarts[starts[shard]];
        for (const [location, title, text] of entries) {
          const doc = this.docs[index++];
          if (doc.location !== null) continue;
          doc.location = location;
          doc.title = title;
          doc.text = text;
        }
      }),
    );
  }

  setupSynonyms(groups) {
    this.synonyms = new Map(); // stems of a term, joined by spaces -> the stem lists of its group
    this.synonymWords = new Map(); // a word used in a synonym -> its stem (typos of readers' words match too)
    this.synonymStems = new Map(); // a stem of a synonym -> every stem of its group (fetched with it)
    this.longestSynonym = 1;
    for (const group of groups) {
      const terms = group.map(contentStems).filter((stems) => stems.length);
      const all = [...new Set(terms.flat())];
      for (const s of all) this.synonymStems.set(s, [...(this.synonymStems.get(s) || []), ...all]);
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
    return list ? list.docs.length : 0;
  }

  idf(s) {
    const n = this.docs.length;
    const df = this.documentFrequency(s);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The heading code of ``s`` in a doc (shards.py): 0 not in its heading, 1 in it, 2 or more among its content. */
  heading(s, index) {
    const list = this.postings.get(s);
    return (list && list.headings.get(index)) || 0;
  }

  /** Site words that may be one edit from ``word`` in its first letter: loads their letters (and tails). */
  async loadTypos(word) {
    const letters = [...word];
    if (letters.length < 2) return;
    await Promise.all([this.loadLetters([letters[1]]), this.loadTails([letters[0], letters[1]])]);
    const firsts = [];
    for (const [letter, tail] of [
      [letters[1], letters.slice(1).join("")],
      [letters[0], word],
    ]) {
      const found = (this.tails.get(letter) || {})[tail];
      if (found) firsts.push(...found);
    }
    await this.loadLetters(firsts);
  }

  /** Words of the site (and of the synonyms) ``max`` edits from ``word`` (among the loaded letters): [[word, stem]]. */
  typoCandidates(word, max) {
    const found = new Map();
    const consider = (candidate, s) => {
      if (!found.has(candidate) && distance(word, candidate, max) <= max) found.set(candidate, s);
    };
    const letters = [...word];
    for (const candidate of this.letters.get(letters[0]) || []) {
      if (Math.abs(candidate.length - word.length) <= max) consider(candidate, this.vocabulary.get(candidate).stem);
    }
    // One edit at the first letter: deleted, swapped with the second, changed or one put before it.
    const rest = letters.slice(1).join("");
    const others = [rest, letters.length > 1 ? letters[1] + letters[0] + letters.slice(2).join("") : ""];
    for (const [letter, tail] of [
      [letters[1], rest],
      [letters[0], word],
    ]) {
      for (const firstLetter of (this.tails.get(letter) || {})[tail] || "") others.push(firstLetter + tail);
    }
    for (const candidate of others) {
      const entry = this.vocabulary.get(candidate);
      if (entry) consider(candidate, entry.stem);
    }
    for (const [candidate, s] of this.synonymWords) {
      if (!this.vocabulary.has(candidate)) consider(candidate, s);
    }
    return [...found];
  }

  /** Site words that start with ``prefix``, most used first. */
  completions(prefix) {
    const words = this.letters.get(first(prefix)) || [];
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (words[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    const found = [];
    for (let i = low; i < words.length && words[i].startsWith(prefix); i++) found.push(words[i]);
    found.sort((a, b) => this.vocabulary.get(b).uses - this.vocabulary.get(a).uses);
    return found.slice(0, MAX_PREFIX);
  }

  /**
   * Loads what `term` needs to know about one query word: its letter, its stem and its synonyms', its
   * completions, its typos. What can be fetched together is: each wait is a round trip.
   */
  async prepare(word) {
    const s = stem(word);
    const typo = word.length >= TYPO_LENGTH - 1;
    const letter = this.loadLetters([first(word)]).then(() =>
      Promise.all([
        this.loadStems(this.completions(word).map((completion) => this.vocabulary.get(completion).stem)),
        // Not a word of the site: its typos are likely wanted, so fetch them before knowing its stem is unknown.
        typo && !this.vocabulary.has(word) ? this.loadTypos(word) : null,
      ]),
    );
    await Promise.all([letter, this.loadStems([s, ...(this.synonymStems.get(s) || [])])]);
    const known = this.postings.has(s) || this.synonymWords.has(word);
    if (!known && typo) {
      await this.loadTypos(word);
      const stems = [];
      for (const [candidate, candidateStem] of this.typoCandidates(word, 1)) {
        if (candidate.length >= TYPO_LENGTH) stems.push(candidateStem, ...(this.synonymStems.get(candidateStem) || []));
      }
      await this.loadStems(stems);
    }
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
    const list = this.postings.get(s);
    const idf = this.idf(s);
    for (let i = 0; list && i < list.docs.length; i++) {
      const index = list.docs[i];
      const title = list.headings.get(index) || 0;
      const text = list.counts[i];
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
    const list = this.postings.get(s);
    for (let i = 0; list && i < list.docs.length; i++) {
      const index = list.docs[i];
      add(index);
      if (list.headings.has(index) && !this.docs[index].page) {
        for (const section of this.sections.get(index) || []) add(section);
      }
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
        const cover = hits / n;
        const value = (alternative.weight * sum * cover * cover) / n; // as score() computes it, to the last bit
        if (value > best) [best, bestCover] = [value, cover];
      }
      total += best;
      covered += bestCover;
    }
    const coverage = covered / slots.length;
    return total * coverage * coverage * this.docs[index].boost;
  }

  /** A doc's full score, with the stems it matched and those of the words the reader typed (for highlighting). */
  score(index, slots) {
    const matched = new Map();
    const score = this.fullScore(index, slots, matched);
    if (!score) return null;
    const typed = new Set(); // stems of the words the reader typed (or mistyped), not of their synonyms
    for (const slot of slots) {
      // What the reader typed is marked even where a synonym scores higher.
      for (const part of slot.alternatives[0].compiled) {
        const winner = this.winner(part, index);
        if (winner) typed.add(winner.s);
      }
    }
    return { score, matched: new Set(matched.keys()), typed };
  }

  /** The stem of a part of a query that matches a doc best: {s, weight, scores, headings}, or null. */
  winner(part, index) {
    let partBest = 0;
    let winner = null;
    for (const entry of part) {
      const value = entry.weight * entry.scores[index];
      if (value > partBest) [partBest, winner] = [value, entry];
    }
    return winner;
  }

  /**
   * A doc's score: BM25 by slot (its best alternative), times the share of the query covered, squared, times
   * the page's boost and the heading bonus. Allocates nothing per doc: it ranks thousands. ``matched`` gets the
   * matched stems and how exactly the query asked for each (1 as typed, less for a synonym or typo).
   */
  fullScore(index, slots, matched) {
    let total = 0;
    let covered = 0;
    let inHeading = 0;
    matched.clear();
    for (const slot of slots) {
      let best = null;
      let bestValue = 0;
      let bestCover = 0;
      let bestInHeading = false;
      for (const alternative of slot.alternatives) {
        let sum = 0;
        let heading = 0;
        let hits = 0;
        for (const part of alternative.compiled) {
          const winner = this.winner(part, index);
          if (winner) {
            sum += winner.weight * winner.scores[index];
            hits += 1;
            if (winner.headings.get(index)) heading += 1;
          }
        }
        const n = alternative.parts.length;
        const cover = hits / n;
        const value = (alternative.weight * sum * cover * cover) / n;
        if (value > 0 && (!best || value > bestValue)) {
          [best, bestValue, bestCover, bestInHeading] = [alternative, value, cover, heading === n];
        }
      }
      if (!best) continue;
      total += bestValue;
      covered += bestCover;
      if (bestInHeading) inHeading += slot.rarity;
      for (const part of best.compiled) {
        const winner = this.winner(part, index);
        if (winner) matched.set(winner.s, Math.max(winner.weight * best.weight, matched.get(winner.s) || 0));
      }
    }
    if (!total) return 0;
    const coverage = covered / slots.length;
    let bonus = 1;
    // How much of the heading the query asked for, and how much of the query the heading holds: the heading
    // codes of the matched stems say how many content stems the heading has and whether it is a question.
    let asked = 0;
    let code = 0;
    for (const [s, weight] of matched) {
      const found = this.heading(s, index);
      if (found >= 2) [asked, code] = [asked + weight, found - 2];
    }
    if (asked) {
      const headingShare = asked / (code >> 1);
      const queryShare = inHeading / slots.rarity;
      const kind = this.docs[index].page ? (code & 1 ? "question" : "heading") : "page";
      bonus += HEADING_BONUS[kind] * headingShare * headingShare * queryShare;
    }
    return total * coverage * coverage * this.docs[index].boost * bonus;
  }

  /** Material's result for ``query``, fetching the shards it needs first: {items, suggest, suggestion}. */
  async search(query, suggesting = true) {
    const words = wordsOf(query).filter((item) => meaningful(item.word));
    if (!words.length) return { items: [], suggestion: null, suggest: [] }; // nothing to look for, nothing to fetch
    await this.open();
    const last = wordsOf(query).pop();
    await Promise.all([
      ...words.map((item) => this.prepare(item.word)),
      this.loadLetters(last.word.length >= 2 ? [first(last.word)] : []),
    ]);
    const { slots, found } = this.analyze(query);
    const stems = [];
    for (const slot of slots) {
      for (const alternative of slot.alternatives) for (const part of alternative.parts) stems.push(...part.keys());
    }
    await this.loadStems(stems);
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
          [...part].map(([s, weight]) => ({
            s,
            weight,
            scores: this.stemScores(s, cache),
            headings: this.postings.get(s)?.headings ?? NO_HEADINGS,
          })),
        );
      }
    }
    const base = new Float64Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) base[i] = this.baseScore(candidates[i], slots);
    const order = Uint32Array.from(candidates.keys()).sort((a, b) => base[b] - base[a] || a - b);
    // Only a doc whose heading holds a content stem of the query can get a heading bonus: another doc's full
    // score is its base score (it is scored in full only if shown, for what it matched).
    const headed = new Uint8Array(this.docs.length);
    for (const s of new Set(stems)) {
      const list = this.postings.get(s);
      if (list) for (const [index, code] of list.headings) if (code >= 2) headed[index] = 1;
    }
    // The heading bonus multiplies by at most MAX_BONUS: a doc whose base score times that stays below the
    // FULL_SCORES-th best full score cannot climb into the first results; it keeps its base score.
    const scores = new Float64Array(this.docs.length); // doc index -> its score
    const scored = []; // the indexes of the docs with a score
    const matched = new Map(); // fullScore's, reused
    const full = [];
    for (const position of order) {
      const score = base[position];
      const index = candidates[position];
      if (!score) break;
      const floor = full.length >= FULL_SCORES ? full[FULL_SCORES - 1] : 0;
      if (score * MAX_BONUS < floor) {
        scores[index] = score;
        scored.push(index);
        continue;
      }
      const result = headed[index] ? this.fullScore(index, slots, matched) : score;
      if (!result) continue;
      scores[index] = result;
      scored.push(index);
      full.push(result);
      if (full.length > FULL_SCORES * 2) full.sort((a, b) => b - a).length = FULL_SCORES;
      else if (full.length === FULL_SCORES) full.sort((a, b) => b - a);
    }
    // The first MAX_GROUPS pages in the order of their best doc (score, then index), each with its docs.
    const better = (a, b) => scores[b] - scores[a] || a - b;
    const best = new Int32Array(this.docs.length).fill(-1); // index of a page's doc -> its best doc's index
    const pages = []; // indexes of the pages' docs that have a doc with a score
    for (const index of scored) {
      const doc = this.docs[index];
      const page = doc.page ? doc.page.index : index;
      if (best[page] < 0) pages.push(page);
      if (best[page] < 0 || better(index, best[page]) < 0) best[page] = index;
    }
    const top = []; // the best docs of the first MAX_GROUPS pages, best first
    for (const page of pages) {
      const index = best[page];
      if (top.length === MAX_GROUPS && better(index, top[MAX_GROUPS - 1]) > 0) continue;
      let at = top.length;
      while (at > 0 && better(index, top[at - 1]) < 0) at--;
      top.splice(at, 0, index);
      if (top.length > MAX_GROUPS) top.pop();
    }
    const groups = new Map(); // page doc -> its scored docs, best first
    for (const index of top) {
      const doc = this.docs[index];
      groups.set(doc.page || doc, []);
    }
    for (const index of scored) {
      const doc = this.docs[index];
      const group = groups.get(doc.page || doc);
      if (group) group.push(index);
    }
    for (const [page, group] of groups) {
      groups.set(
        page,
        group.sort(better).map((index) => ({ index, score: scores[index] })),
      );
    }
    await this.loadDocs(groups.keys());
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
      suggestion: items.length || !suggesting ? null : await this.didYouMean(query, found),
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
  async didYouMean(query, found) {
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
    return (await this.search(corrected, false)).items.length ? corrected : null;
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
  let waiting = null; // the latest query not answered yet; older ones are dropped unanswered
  let running = false;

  const answer = async () => {
    running = true;
    while (waiting !== null) {
      const query = waiting;
      waiting = null;
      let result;
      let unavailable = false;
      try {
        result = engine ? await engine.search(query) : { items: [], suggest: [], suggestion: null };
      } catch {
        // A shard could not be fetched (offline?): no results, and the page's script must not log it as failed.
        result = { items: [], suggest: [], suggestion: null };
        unavailable = true;
      }
      if (waiting !== null) continue; // the reader typed on: answer the newer query instead
      if (channel && query.trim()) channel.postMessage({ query, suggestion: result.suggestion, unavailable });
      postMessage({ type: RESULT, data: { items: result.items, suggest: result.suggest } });
    }
    running = false;
  };

  if (channel) {
    // The page's script says when the reader focuses the search box: fetch what every search needs.
    channel.addEventListener("message", ({ data }) => {
      if (data && data.warm && engine) engine.open().catch(() => {});
    });
  }
  addEventListener("message", ({ data: message }) => {
    if (message.type === SETUP) {
      // The index Material fetched is a manifest: its folder is fetched from, in parts, when the reader searches.
      const folder = new URL(`../../search/${message.data.config.hc.index}/`, self.location.href);
      engine = new Engine((name) =>
        fetch(new URL(name, folder)).then((response) => {
          if (!response.ok) throw new Error(`${name}: ${response.status}`);
          return response.json();
        }),
      );
      postMessage({ type: READY });
    } else if (message.type === QUERY) {
      waiting = String(message.data || "");
      if (!running) answer();
    }
  });
} else {
  // Loaded into a page (the tests do this): expose the engine instead.
  self.HelpCenterSearch = { Engine, stem, distance, fold, contentStems, meaningful, wordsOf };
}
