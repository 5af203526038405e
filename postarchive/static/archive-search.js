/* The archive's search: Sphinx's own search (searchindex.js, searchtools.js)
 * with the archive's data and ranking (see postarchive/html/search.py).
 *
 * Loaded on every page (the theme loads Sphinx's search on every page for its
 * search-as-you-type), before searchtools.js. It
 *
 * - loads archive-searchdata.js once (at once on the search page, else when a
 *   first query runs): the text of every place (the top of each page and each
 *   section; on the glossary page each entry), titles, dates and summaries;
 * - folds letters for matching: case, accents ("Mårten" = "Marten"), curly
 *   quotes and dashes; in the query and, once, in the index and the data;
 * - runs each query through Sphinx (Search._parseQuery, Search._performSearch,
 *   with the archive's Scorer), adds the places its own scan of the text finds
 *   (phrases, names, quoted phrases, words in any script), merges what belongs
 *   to one place (one result per post, per glossary entry, per page) and lists
 *   the results best first: no page is fetched, each excerpt comes from the
 *   data and shows the matched words;
 * - keeps Sphinx's behaviour when the data cannot be loaded.
 *
 * Query syntax: words (all must occur, in any form Sphinx's stemmer gives the
 * same stem, or as the beginning of a longer word); "a quoted phrase" (must
 * occur as a phrase, word for word). Several words rank higher where they
 * occur as a phrase.
 */
(() => {
  "use strict";

  const DATA_FILE = "archive-searchdata.js";
  // the archive's words, in its language (postarchive.html.translations; English as written)
  const gettext = (text) =>
    typeof Documentation !== "undefined" ? Documentation.gettext(text) : text;
  const FIRST_BATCH = 20; // results listed at once (drawn first); then the rest
  const BATCH = 5000;
  const EXCERPT = 220; // characters of context in an excerpt, about

  // -- folding: one character in, one character out (positions stay valid) -----
  const SPECIAL = { "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "İ": "i",
    "Ø": "o", "Ł": "l", "Đ": "d", "Ð": "d", "Ħ": "h" };
  const folded = new Map();
  const foldChar = (c) => {
    let f = folded.get(c);
    if (f === undefined) {
      if (/\s/.test(c)) f = " ";
      else if (/[\u2018\u2019\u201a\u201b\u2032\u00b4]/.test(c)) f = "'";
      else if (/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/.test(c)) f = '"';
      else if (/[\u2010-\u2015\u2212]/.test(c)) f = "-";
      else if (SPECIAL[c]) f = SPECIAL[c];
      else {
        const bare = c.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
        const lower = c.toLowerCase();
        f = bare.length === 1 ? bare : lower.length === 1 ? lower : c;
      }
      folded.set(c, f);
    }
    return f;
  };
  const fold = (text) => text.replace(/[^\x00-\x7f]/g, foldChar).toLowerCase();

  const WORD = "[\\p{L}\\p{N}_]";
  const WORD_START = `(?<!${WORD})`;
  const WORD_END = `(?!${WORD})`;
  // between the words of a phrase: spaces, hyphens, quotes, brackets, commas (not a
  // sentence's end)
  const SEPARATOR = "[\\s\\-'\"/()\\[\\],;:&+]+";
  const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  const compiled = new Map();
  const regex = (source) => {
    let re = compiled.get(source);
    if (!re) compiled.set(source, (re = new RegExp(source, "gu")));
    return re;
  };
  const escape = (text) => text.replace(/[.*+\-?^${}()|[\]\\]/g, "\\$&");
  const split = (text) =>
    typeof splitQuery === "function"
      ? splitQuery(text)
      : text.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((w) => w);
  const isStopword = (word) => typeof stopwords !== "undefined" && stopwords.has(word);

  let stemmer = null;
  const stems = new Map();
  const stem = (word) => {
    let s = stems.get(word);
    if (s === undefined) {
      if (!stemmer && typeof Stemmer === "function") stemmer = new Stemmer();
      s = stemmer ? stemmer.stemWord(word) : word;
      stems.set(word, s);
    }
    return s;
  };

  // -- the data ------------------------------------------------------------------
  // Segment kinds: the text of a document, cut where a match must not run on.
  const TITLE = 0, SUMMARY = 1, HEADING = 2, TEXT = 3, NAME = 4, DEFINITION = 5, DATE = 6;
  const NAME_KINDS = new Set([TITLE, HEADING, NAME]);
  const ABOUT_KINDS = new Set([SUMMARY, DATE]); // what the editors say of a post

  const A = {
    docs: null, // [{n, k, t, d, s, p: [[anchor, heading, text]], x: {target: place}, g: [...]}]
    byName: new Map(),
    seg: null, // {start: [], doc: [], kind: [], item: [], sub: [], text: []}
    all: "", // every segment, folded, each after a \u0001
    state: "idle", // idle, loading, ready, failed
    pending: null, // the query that waits for the data
    generation: 0,
    current: null, // the analysis of the query being ranked
    timings: null,
  };
  window.ArchiveSearch = A;

  A.setData = (data) => {
    const seg = { start: [], doc: [], kind: [], item: [], sub: [], text: [] };
    const parts = [];
    let offset = 0;
    const add = (doc, kind, item, sub, text) => {
      if (!text) return;
      offset += 1; // the \u0001 before it
      seg.start.push(offset);
      seg.doc.push(doc);
      seg.kind.push(kind);
      seg.item.push(item);
      seg.sub.push(sub);
      seg.text.push(text);
      parts.push(fold(text));
      offset += text.length;
    };
    data.docs.forEach((doc, i) => {
      A.byName.set(doc.n, i);
      const first = seg.start.length;
      add(i, TITLE, 0, 0, doc.t);
      add(i, SUMMARY, 0, 0, doc.s);
      add(i, DATE, 0, 0, doc.d);
      doc.p.forEach(([, heading, text], j) => {
        add(i, HEADING, j, 0, heading);
        add(i, TEXT, j, 0, text);
      });
      (doc.g || []).forEach(([, names, , text], e) => {
        names.forEach((name, k) => add(i, NAME, e, k, name));
        add(i, DEFINITION, e, 0, text);
      });
      doc.firstSeg = first;
      doc.lastSeg = seg.start.length; // exclusive
    });
    A.docs = data.docs;
    A.seg = seg;
    A.all = "\u0001" + parts.join("\u0001");
    A.state = "ready";
    const query = A.pending;
    A.pending = null;
    if (query !== null) A.query(query);
  };

  const loadData = () => {
    if (A.state !== "idle") return;
    A.state = "loading";
    const root = document.documentElement.dataset.content_root || "";
    const script = document.createElement("script");
    script.src = root + DATA_FILE;
    script.addEventListener("error", () => {
      A.state = "failed";
      const query = A.pending;
      A.pending = null;
      if (query !== null) sphinxQuery(query);
    });
    document.head.appendChild(script);
  };

  // -- the index: folded like the query -------------------------------------------
  const mergeInto = (target, key, value) => {
    const have = target[key];
    if (have === undefined) target[key] = value;
    else {
      const list = [].concat(have, value);
      target[key] = Array.isArray(list[0]) ? list : [...new Set(list)].sort((a, b) => a - b);
    }
  };
  const foldKeys = (mapping) => {
    if (!mapping) return mapping;
    const out = {};
    for (const [key, value] of Object.entries(mapping)) mergeInto(out, fold(key), value);
    return out;
  };
  let numbers = null; // docname -> its number in Search._index
  const docNumber = (docname) => {
    const index = Search._index;
    if (!numbers || numbers.index !== index) {
      numbers = new Map(index.docnames.map((name, at) => [name, at]));
      numbers.index = index;
    }
    return numbers.get(docname) ?? -1;
  };
  const foldIndex = (index) => {
    if (!index || index.archiveFolded) return index;
    index.terms = foldKeys(index.terms);
    index.titleterms = foldKeys(index.titleterms);
    index.indexentries = foldKeys(index.indexentries);
    index.alltitles = foldKeys(index.alltitles);
    index.archiveFolded = true;
    A.names = null;
    return index;
  };

  // -- the query -----------------------------------------------------------------------
  /* A matcher finds one query word in folded text: the same stem (as Sphinx's
   * stemmer gives it: "companies" finds "company"), or a longer word it begins
   * ("terab" finds "Terabass"), or, quoted or short, the word itself. Its
   * *literal* is what every match begins with (then *next*, one of these
   * letters, if given); *source* is the same as a regular expression. */
  const matcher = (word, exact) => {
    if (SPACELESS.test(word)) // no spaces between words: any occurrence
      return { word, literal: word, inWord: true, source: escape(word), grade: () => 2 };
    if (exact) return { word, literal: word, source: WORD_START + escape(word) + WORD_END,
      grade: (t) => (t === word ? 2 : 0) };
    if (word.length < 3 || /^\p{N}+$/u.test(word) || isStopword(word)) // short: the word, or its plural
      return { word, literal: word, source: WORD_START + escape(word) + "(?:'?s)?" + WORD_END,
        grade: (t) => (t === word || t === word + "s" || t === word + "'s" ? 2 : 0) };
    const s = stem(word);
    let common = 0;
    while (common < word.length && common < s.length && word[common] === s[common]) common++;
    let literal = word.slice(0, Math.max(common, 2));
    let next = "";
    if (common === s.length && s.endsWith("i") && common >= 3) [literal, next] = [s.slice(0, -1), "iy"];
    return {
      word, literal, next,
      source: WORD_START + escape(literal) + (next ? `[${next}]` : "") + WORD + "*",
      grade: (t) => (stem(t) === s ? 2 : t.startsWith(word) ? 1 : 0),
    };
  };

  /* Where the words of *words* occur in a row (separated by spaces, hyphens,
   * quotes, slashes or brackets; not across sentences). */
  const phraseMatcher = (words, exact) => {
    const parts = words.map((w) => matcher(w, exact));
    const source = WORD_START + parts.map((m) => `(${m.source.replace(WORD_START, "")})`).join(SEPARATOR);
    return { words, parts, source: source + (exact ? WORD_END : ""),
      check: (match) => parts.every((m, i) => m.grade(match[i + 1]) > 0) };
  };

  const analyse = (query) => {
    let text = fold(query);
    const quoted = [];
    text = text.replace(/"([^"]*)"/g, (_, phrase) => {
      const words = split(phrase);
      if (words.length) quoted.push(words);
      return " ";
    }).replace(/"/g, " ");
    const loose = split(text);
    const every = [...loose, ...quoted.flat()];
    // the words that must be found: all but stopwords (unless there is nothing else)
    let required = [...new Set(every.filter((w) => !isStopword(w)))];
    if (!required.length) required = [...new Set(every)];
    // a word only typed in quotes is matched as written
    const matchers = required.map((w) => matcher(w, !loose.includes(w)));
    const phrases = quoted.map((words) => phraseMatcher(words, true));
    const soft = loose.length > 1 && !quoted.length ? phraseMatcher(loose, false) : null;
    return {
      query, required, matchers, phrases, soft,
      name: nameKeys(every),
      sphinxQuery: every.join(" "),
      groups: new Map(),
    };
  };

  const WORD_CHAR = new RegExp(WORD, "u");
  const isWordChar = (code) =>
    (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95
    || (code > 127 && WORD_CHAR.test(String.fromCharCode(code)));

  /* Every occurrence of each matcher (and phrase) in the data, by segment:
   * {segment: [[from, to, grade], ...]}, positions within the segment. */
  const scan = (a) => {
    const { start } = A.seg;
    const all = A.all;
    const segmentOf = (at, s) => {
      while (s + 1 < start.length && start[s + 1] <= at) s++;
      return s;
    };
    const add = (bySeg, s, from, to, grade) => {
      let list = bySeg.get(s);
      if (!list) bySeg.set(s, (list = []));
      list.push([from - start[s], to - start[s], grade]);
    };
    // a word: its literal beginning, found with indexOf (fast), then the whole word
    const findWord = (m) => {
      const bySeg = new Map();
      const { literal, next = "" } = m;
      let s = 0;
      for (let at = all.indexOf(literal); at >= 0; at = all.indexOf(literal, at + 1)) {
        let end = at + literal.length;
        if (!m.inWord) {
          if (at > 0 && isWordChar(all.charCodeAt(at - 1))) continue;
          if (next) {
            if (!next.includes(all[end])) continue;
            end += 1;
          }
          while (end < all.length && isWordChar(all.charCodeAt(end))) end++;
        }
        const grade = m.grade(all.slice(at, end));
        if (!grade) continue;
        s = segmentOf(at, s);
        add(bySeg, s, at, end, grade);
      }
      return bySeg;
    };
    a.hits = a.matchers.map(findWord);
    // a phrase: its expression, only in the segments that have all its words
    const candidates = a.hits.length
      ? [...a.hits[0].keys()].filter((s) => a.hits.every((bySeg) => bySeg.has(s))) : [];
    const findPhrase = (p) => {
      const bySeg = new Map();
      const re = regex(p.source);
      for (const s of candidates) {
        const text = all.slice(start[s], s + 1 < start.length ? start[s + 1] - 1 : all.length);
        for (const match of text.matchAll(re))
          if (p.check(match)) add(bySeg, s, start[s] + match.index, start[s] + match.index + match[0].length, 2);
      }
      return bySeg;
    };
    a.phraseHits = a.phrases.map(findPhrase);
    a.softHits = a.soft ? findPhrase(a.soft) : new Map();
  };

  // -- index of names (people, companies, products) -----------------------------------
  const indexNames = () => {
    if (!A.names) {
      const entries = (Search._index && Search._index.indexentries) || {};
      A.names = Object.entries(entries).map(([key, places]) => ({
        stems: new Set(split(key).filter((w) => !isStopword(w)).map(stem)), places }));
    }
    return A.names;
  };
  /* {doc index: [target ids]} of the index entries that hold all query words */
  const namedPlaces = (a) => {
    if (a.named) return a.named;
    a.named = new Map();
    const wanted = a.required.filter((w) => !isStopword(w)).map(stem);
    if (!wanted.length) return a.named;
    for (const entry of indexNames()) {
      if (!wanted.every((w) => entry.stems.has(w))) continue;
      for (const [file, target] of entry.places) {
        const i = A.byName.get(Search._index.docnames[file]);
        if (i === undefined || A.docs[i].k !== "post") continue;
        if (!a.named.has(i)) a.named.set(i, []);
        a.named.get(i).push(target);
      }
    }
    return a.named;
  };

  // -- places and what they match ------------------------------------------------------
  /* The group a Sphinx result belongs to: a glossary entry, or a whole document. */
  const groupOf = (docname, anchor) => {
    const i = A.byName.get(docname);
    if (i === undefined) return null;
    const doc = A.docs[i];
    if (doc.g && anchor) {
      const id = anchor.replace(/^#/, "");
      const e = doc.g.findIndex(([ids]) => ids.includes(id));
      if (e >= 0) return `${i}.${e}`;
    }
    return `${i}`;
  };

  const segmentsOf = (key) => {
    const [i, e] = key.split(".").map(Number);
    const doc = A.docs[i];
    const out = [];
    for (let s = doc.firstSeg; s < doc.lastSeg; s++) {
      const kind = A.seg.kind[s];
      const entry = kind === NAME || kind === DEFINITION;
      if (e === undefined ? !entry : entry && A.seg.item[s] === e) out.push(s);
    }
    return out;
  };

  /* Two ways to say a name: the stems of all its words, and of those that
   * are not stopwords ("Purchasing a company" = "purchasing companies"). */
  const nameKeys = (words) => {
    const stemmed = words.map(stem);
    const content = stemmed.filter((s, i) => !isStopword(s) && !isStopword(words[i]));
    return { all: stemmed.join(" "), content: content.join(" "), size: content.length || stemmed.length };
  };
  const sameName = (x, y) => x.all === y.all || (x.content !== "" && x.content === y.content);
  const nameKeysOf = new Map();
  const keysOfName = (s) => {
    let value = nameKeysOf.get(s);
    if (value === undefined) nameKeysOf.set(s, (value = nameKeys(split(fold(A.seg.text[s])))));
    return value;
  };

  /* What the place *key* matches: the facts the Scorer weighs. */
  const measure = (a, key) => {
    const [i, e] = key.split(".").map(Number);
    const doc = A.docs[i];
    const kind = e !== undefined ? "term" : doc.k === "post" ? "post" : "page";
    const segs = segmentsOf(key);
    const f = { key, doc: i, entry: e, kind, exactName: false, namePhrase: false, nameWords: false,
      nameCover: 0, indexName: false, textPhrase: 0, textWords: false, coverage: 0, tf: 0,
      aboutWords: false, found: true, exactSeg: null, wordsSeg: null };
    const grades = a.matchers.map(() => 0);
    const own = a.matchers.map(() => false); // found in the page's own words, not the editors' about it
    for (const s of segs) {
      const segKind = A.seg.kind[s];
      const isName = NAME_KINDS.has(segKind);
      const isAbout = ABOUT_KINDS.has(segKind);
      const full = a.hits.map((bySeg) => (bySeg.get(s) || []).some((h) => h[2] === 2));
      a.hits.forEach((bySeg, w) => {
        for (const h of bySeg.get(s) || []) {
          grades[w] = Math.max(grades[w], h[2]);
          if (h[2] === 2 && !isAbout) own[w] = true;
          if (h[2] === 2 && !isName && !isAbout) f.tf += 1;
        }
      });
      const phrase = (a.softHits.get(s) || []).length
        + a.phraseHits.reduce((n, bySeg) => n + (bySeg.get(s) || []).length, 0);
      if (isName) {
        const all = full.length > 0 && full.every(Boolean);
        if (f.exactSeg === null && sameName(keysOfName(s), a.name)) {
          f.exactName = true;
          f.exactSeg = s;
        }
        if (segKind === TITLE && (phrase || f.exactSeg === s)) f.titlePhrase = true;
        if (all) {
          f.nameWords = true;
          if (phrase) f.namePhrase = true;
          const cover = Math.min(1, a.required.length / keysOfName(s).size);
          f.nameCover = Math.max(f.nameCover, cover);
          // a heading or a term says more than the page title
          if (f.wordsSeg === null || A.seg.kind[f.wordsSeg] === TITLE) f.wordsSeg = s;
        }
      } else if (!isAbout) f.textPhrase += phrase;
    }
    if (kind === "post") {
      const named = namedPlaces(a).get(i);
      if (named) [f.indexName, f.indexTargets] = [true, named];
    }
    f.nameSeg = f.exactSeg ?? f.wordsSeg;
    const n = a.matchers.length;
    f.coverage = n ? grades.reduce((sum, g) => sum + (g === 2 ? 1 : g === 1 ? 0.6 : 0), 0) / n : 0;
    // every word found; or a name of the index that holds them all
    f.found = (n > 0 && grades.every((g) => g > 0)) || f.indexName;
    // all the words, in the text (or spread over title, headings and text); or
    // only with the help of a post's date and summary
    f.textWords = n > 0 && own.every(Boolean);
    f.aboutWords = n > 0 && !f.textWords && grades.every((g) => g === 2);
    // a quoted phrase must be there, word for word
    f.quoted = a.phraseHits.every((bySeg) => segs.some((s) => bySeg.has(s)));
    return f;
  };

  A.features = (result) => {
    const a = A.current;
    if (!a || A.state !== "ready") return null;
    const key = groupOf(result[0], result[2]);
    if (key === null) return null;
    let f = a.groups.get(key);
    if (!f) a.groups.set(key, (f = measure(a, key)));
    return f;
  };

  /* The best place of a document for the query: the section with the phrase,
   * the heading, the most words. */
  const bestPlace = (a, f) => {
    const doc = A.docs[f.doc];
    const scores = doc.p.map(() => 0);
    for (let s = doc.firstSeg; s < doc.lastSeg; s++) {
      const kind = A.seg.kind[s];
      if (kind !== HEADING && kind !== TEXT) continue;
      const j = A.seg.item[s];
      if (s === f.nameSeg && kind === HEADING) scores[j] += 1000;
      const phrases = (a.softHits.get(s) || []).length
        + a.phraseHits.reduce((n, bySeg) => n + (bySeg.get(s) || []).length, 0);
      scores[j] += 100 * Math.min(phrases, 3);
      let words = 0, hits = 0;
      a.hits.forEach((bySeg) => {
        const list = bySeg.get(s) || [];
        if (list.length) words += 1;
        hits += list.length;
      });
      scores[j] += 10 * words + Math.min(hits, 9);
    }
    for (const target of f.indexTargets || []) {
      const j = doc.x && doc.x[target];
      if (j !== undefined) scores[j] += 30;
    }
    if (f.titlePhrase) scores[0] += 500; // the title says it: the post from its top
    let best = 0;
    scores.forEach((score, j) => { if (score > scores[best]) best = j; });
    return best;
  };

  // -- ranking ---------------------------------------------------------------------------
  const rank = (a) => {
    const { docnames, titles, filenames } = Search._index;
    const groups = new Map();
    const consider = (result) => {
      const key = groupOf(result[0], result[2]);
      if (key === null) return;
      const score = Scorer.score(result);
      const have = groups.get(key);
      if (!have || have.score < score) groups.set(key, { key, score, kind: result[6] });
    };
    // Sphinx's results...
    const [query, searchTerms, excluded, highlight, objectTerms] = Search._parseQuery(a.sphinxQuery);
    if (a.sphinxQuery.trim()) Search._performSearch(query, searchTerms, excluded, highlight, objectTerms).forEach(consider);
    // ... and the places the scan found
    const touched = new Set();
    [...a.hits, ...a.phraseHits].forEach((bySeg) => {
      for (const s of bySeg.keys()) {
        const kind = A.seg.kind[s];
        const doc = A.seg.doc[s];
        touched.add(kind === NAME || kind === DEFINITION ? `${doc}.${A.seg.item[s]}` : `${doc}`);
      }
    });
    for (const i of namedPlaces(a).keys()) touched.add(`${i}`);
    for (const key of touched) {
      if (groups.has(key)) continue;
      const [i, e] = key.split(".").map(Number);
      const doc = A.docs[i];
      const anchor = e === undefined ? "" : "#" + doc.g[e][0][0];
      const at = docNumber(doc.n);
      consider([doc.n, at >= 0 ? titles[at] : doc.t, anchor, null, 0, at >= 0 ? filenames[at] : "", "text"]);
    }
    const kinds = { term: 0, post: 1, page: 2 };
    return [...groups.values()]
      .map((g) => ({ ...g, f: a.groups.get(g.key) }))
      .filter((g) => g.f && g.f.found && g.f.quoted)
      // equal scores: terms, posts, pages; posts in date order (the earlier
      // says it first); then by title
      .sort((x, y) => y.score - x.score || kinds[x.f.kind] - kinds[y.f.kind]
        || (A.docs[x.f.doc].o ?? 0) - (A.docs[y.f.doc].o ?? 0)
        || A.docs[x.f.doc].t.localeCompare(A.docs[y.f.doc].t) || x.key.localeCompare(y.key, "en", { numeric: true }));
  };

  // -- excerpts ------------------------------------------------------------------------
  /* [from, to] ranges of *text* that match the query (words and phrases). */
  const matchesIn = (a, text) => {
    const low = fold(text);
    const ranges = [];
    const collect = (source, check) => {
      for (const match of low.matchAll(regex(source)))
        if (check(match)) ranges.push([match.index, match.index + match[0].length]);
    };
    // the phrase where there is one, else the words
    a.phrases.forEach((p) => collect(p.source, p.check));
    if (a.soft) collect(a.soft.source, a.soft.check);
    if (!ranges.length) a.matchers.forEach((m) => collect(m.source, (match) => m.grade(match[0]) > 0));
    ranges.sort((x, y) => x[0] - y[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    }
    return merged;
  };

  /* A paragraph element showing *text* with its matches marked. */
  const marked = (a, text, className) => {
    const p = document.createElement("p");
    p.className = className;
    let at = 0;
    for (const [from, to] of matchesIn(a, text)) {
      if (from > at) p.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.className = "archive-hit";
      mark.textContent = text.slice(from, to);
      p.append(mark);
      at = to;
    }
    if (at < text.length) p.append(text.slice(at));
    return p;
  };

  /* The excerpt of segment *s*: about EXCERPT characters of the paragraph with
   * the phrase, or with the most query words, from the sentence of the first
   * match; the beginning of the text when the words are in a heading only. */
  const around = (a, s) => {
    const phrase = [a.softHits, ...a.phraseHits].map((m) => (m.get(s) || [])[0]).find(Boolean);
    const hits = a.hits.flatMap((bySeg, w) => (bySeg.get(s) || []).map((h) => [h[0], w]))
      .sort((x, y) => x[0] - y[0]);
    let at = phrase ? phrase[0] : hits.length ? hits[0][0] : 0;
    if (!phrase) {
      let words = 0;
      for (const [from] of hits) {
        const inWindow = new Set(hits.filter(([x]) => x >= from && x < from + EXCERPT / 2).map(([, w]) => w));
        if (inWindow.size > words) [words, at] = [inWindow.size, from];
      }
    }
    const text = A.seg.text[s];
    let from = text.lastIndexOf("\n", at) + 1; // the paragraph
    let to = text.indexOf("\n", at);
    if (to < 0) to = text.length;
    if (at - from > EXCERPT / 3) {
      // the sentence of the match, if it starts close enough; else a few words before
      const sentence = Math.max(text.lastIndexOf(". ", at), text.lastIndexOf("? ", at),
        text.lastIndexOf("! ", at));
      if (sentence >= 0 && at - sentence <= EXCERPT / 2 && sentence >= from) from = sentence + 2;
      else from = text.indexOf(" ", at - Math.round(EXCERPT / 4)) + 1 || at;
    }
    if (to - from > EXCERPT) {
      to = text.lastIndexOf(" ", from + EXCERPT);
      if (to <= at) to = Math.min(text.length, from + EXCERPT);
    }
    const lead = from > 0 && text[from - 1] !== "\n" && !/[.?!] $/.test(text.slice(from - 2, from)) ? "… " : "";
    const tail = to < text.length && text[to] !== "\n" ? " …" : "";
    return lead + text.slice(from, to).trim() + tail;
  };

  /* The segment of a document's place (its text), or of a glossary entry
   * (its definition). */
  const textSegment = (f, place) => {
    const doc = A.docs[f.doc];
    let s = -1;
    for (let t = doc.firstSeg; t < doc.lastSeg; t++) {
      const kind = A.seg.kind[t];
      if (f.entry !== undefined) {
        if (kind === DEFINITION && A.seg.item[t] === f.entry) return t;
      } else if (kind === TEXT && (A.seg.item[t] === place || s < 0)) s = t;
    }
    return s;
  };

  // -- listing ---------------------------------------------------------------------------
  const link = (docname, anchor) => {
    const options = window.DOCUMENTATION_OPTIONS || {};
    let url;
    if (options.BUILDER === "dirhtml") {
      url = docname + "/";
      if (url.match(/\/index\/$/)) url = url.slice(0, -6);
      else if (url === "index/") url = "";
    } else url = docname + (options.LINK_SUFFIX ?? ".html");
    return url + (anchor ? "#" + anchor : "");
  };

  const item = (a, g) => {
    const f = g.f;
    const doc = A.docs[f.doc];
    const li = document.createElement("li");
    const a_ = document.createElement("a");
    li.className = `kind-${g.kind} archive-result archive-result-${f.kind}`;
    a_.dataset.score = g.score;
    li.append(a_);
    if (f.kind === "term") {
      const [ids, names, first] = doc.g[f.entry];
      let k = f.nameSeg !== null && A.seg.kind[f.nameSeg] === NAME ? A.seg.sub[f.nameSeg] : -1;
      if (k < 0) k = Math.max(0, names.findIndex((name) => matchesIn(a, name).length));
      a_.href = link(doc.n, ids[k]);
      a_.textContent = names[k];
      const others = names.filter((_, j) => j !== k);
      const meta = document.createElement("p");
      meta.className = "archive-result-meta";
      meta.textContent =
        gettext("Glossary") +
        (others.length ? gettext(" (also: {names})").replace("{names}", others.join(", ")) : "");
      // a term found by its name shows its first sentence; else where the words are
      const definition = textSegment(f, 0);
      const named = f.exactName || f.nameWords || definition < 0;
      li.append(meta, marked(a, named ? first : around(a, definition), "context"));
      return li;
    }
    const place = bestPlace(a, f);
    const [anchor, heading] = doc.p[place];
    a_.href = link(doc.n, place ? anchor : "");
    a_.append(doc.t);
    if (place && heading) {
      const section = document.createElement("span");
      section.className = "archive-result-section";
      section.textContent = ` › ${heading}`;
      a_.append(section);
    }
    if (doc.d) li.append(marked(a, doc.d, "archive-result-date"));
    const s = textSegment(f, place);
    if (s >= 0) li.append(marked(a, around(a, s), "context"));
    if (doc.s) {
      const summary = marked(a, doc.s, "archive-result-summary");
      const label = document.createElement("span");
      label.className = "archive-result-label";
      label.textContent = gettext("Summary: ");
      summary.prepend(label);
      li.append(summary);
    }
    return li;
  };

  const finish = (count) => {
    if (typeof _finishSearch === "function") _finishSearch(count);
    else if (Search.status) Search.status.innerText = `Search finished, found ${count} results.`;
  };

  const list = (a, results) => {
    const generation = ++A.generation;
    const out = Search.output;
    if (!out) return;
    let next = 0;
    const batch = (size) => {
      const fragment = document.createDocumentFragment();
      for (const end = Math.min(results.length, next + size); next < end; next++)
        fragment.append(item(a, results[next]));
      out.append(fragment);
    };
    const more = () => {
      if (generation !== A.generation) return;
      batch(BATCH);
      if (next < results.length) setTimeout(more, 0);
      else {
        finish(results.length);
        A.timings.done = performance.now();
      }
    };
    batch(FIRST_BATCH);
    A.timings.first = performance.now();
    if (next < results.length) setTimeout(more, 0);
    else {
      finish(results.length);
      A.timings.done = performance.now();
    }
  };

  A.query = (query) => {
    if (A.state === "failed") return sphinxQuery(query);
    if (A.state !== "ready") {
      A.pending = query;
      loadData();
      return;
    }
    A.timings = { start: performance.now() };
    const a = analyse(query);
    A.current = a;
    scan(a);
    const results = a.matchers.length ? rank(a) : [];
    A.timings.ranked = performance.now();
    A.last = results;
    list(a, results);
  };
  A.analyse = analyse;

  // -- Sphinx's search, when the data cannot be had ----------------------------------------
  let sphinxQuery = () => {};
  const CHROME = [".bd-header-article", "#jb-print-docs-body", ".prev-next-area",
    ".bd-sidebar-secondary", ".bd-footer-article", "button", "dialog", ".no-search"].join(", ");

  const start = () => {
    if (typeof Search === "undefined") return;
    foldIndex(Search._index);
    const setIndex = Search.setIndex;
    Search.setIndex = (index) => setIndex(foldIndex(index));
    sphinxQuery = Search.query;
    Search.query = (query) => A.query(query);
    // in Sphinx's own summaries (the fallback): the page's text, not the theme's
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (html, anchor) => {
      const doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll(CHROME).forEach((el) => el.remove());
      return htmlToText(doc.documentElement.outerHTML, anchor);
    };
    const make = Search.makeSearchSummary;
    Search.makeSearchSummary = (html, keywords, anchor) =>
      make(html, keywords, anchor) || make(html, keywords, "") || document.createElement("p");
  };

  // On the search page the data is wanted at once: load it alongside the index.
  if (/(^|\/)search(\.html|\/)?$/.test(window.location.pathname)) loadData();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
