/* The archive's search scorer: Sphinx's `Scorer` (the html_search_scorer that
 * postarchive/html/search.py sets; Sphinx puts it into language_data.js, after
 * searchtools.js). It is the ranking policy; archive-search.js measures what
 * a result matches (ArchiveSearch.features) and lists the results in the
 * order of these scores.
 *
 * A result is one place: a glossary entry, a post (at its best section) or an
 * editorial page (everything else: landing page, about, topics...). Its score
 * is a band, for the best way it matches the query, plus a fine score (0-39)
 * within the band. The bands, best first:
 *
 *   exactName   the query is a glossary term, or a post's title or heading
 *   namePhrase  a term, or a post's title or heading, holds the query as a phrase
 *   pageExact   the query is the title of an editorial page, or a heading
 *   nameWords   ... holds all the query's words
 *   indexName   a name of the index (person, company, product) a post mentions
 *   postPhrase  the author's text of a post holds the phrase
 *   termPhrase  a glossary definition holds the phrase
 *   postWords   the author's text of a post holds all the words
 *   termWords   a glossary definition holds all the words
 *   postAbout   ... a post's date or editors' summary has the words its text lacks
 *   pageName    an editorial page's title or heading holds all the words
 *   pagePhrase  an editorial page's text holds the phrase
 *   pageWords   an editorial page's text holds all the words
 *   partial     the words are found only as beginnings of longer words
 *
 * so the glossary entry of a term comes first, then the posts that use it, and
 * editorial pages come after the posts and entries unless their title is what
 * the reader typed (and then after the posts that have it in their titles). Within a name band a term goes before a post, a post
 * before a page.
 */
var Scorer = {
  // Sphinx's own weights, unchanged: searchtools.js uses them to find candidates.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  bands: {
    exactName: 1000,
    namePhrase: 800,
    pageExact: 760,
    nameWords: 700,
    indexName: 650,
    postPhrase: 500,
    termPhrase: 450,
    postWords: 400,
    termWords: 350,
    postAbout: 330,
    pageName: 320,
    pagePhrase: 300,
    pageWords: 250,
    partial: 200,
  },
  kindBonus: { term: 60, post: 40, page: 20 },

  /* The score of a place, from what it matches (see ArchiveSearch.features). */
  archiveScore: (f) => {
    const b = Scorer.bands;
    const named = Scorer.kindBonus[f.kind] || 0;
    const candidates = [0];
    if (f.exactName) candidates.push(f.kind === "page" ? b.pageExact : b.exactName + named);
    if (f.kind !== "page") {
      if (f.namePhrase) candidates.push(b.namePhrase + named);
      if (f.nameWords) candidates.push(b.nameWords + named);
    } else if (f.namePhrase || f.nameWords) candidates.push(b.pageName);
    if (f.indexName && f.kind === "post") candidates.push(b.indexName);
    const text = { post: ["postPhrase", "postWords"], term: ["termPhrase", "termWords"],
      page: ["pagePhrase", "pageWords"] }[f.kind];
    if (f.textPhrase) candidates.push(b[text[0]]);
    if (f.textWords) candidates.push(b[text[1]]);
    if (f.aboutWords && f.kind === "post") candidates.push(b.postAbout);
    if (candidates.length === 1) candidates.push(Math.round(b.partial * f.coverage));
    // within the band: how often the words occur, how much of a name they cover
    let fine = Math.min(24, 8 * Math.log2(1 + f.tf));
    fine += Math.min(10, 5 * Math.max(0, f.textPhrase - 1));
    fine += 5 * (f.nameCover || 0);
    return Math.max(...candidates) + Math.min(39, Math.round(fine));
  },

  /* Sphinx calls this for each of its results; without the archive's data
   * (a plain Sphinx site) its own score stands. */
  score: (result) => {
    const features = window.ArchiveSearch && ArchiveSearch.features(result);
    return features ? Scorer.archiveScore(features) : result[4];
  },
};
