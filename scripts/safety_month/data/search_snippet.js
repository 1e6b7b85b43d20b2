/* 安全生产月 search results a reader can use: the sentence or two around the match.
 *
 * Built into Material's search worker (theme_patches.SEARCH_PATCHES, function SMSnippet) and
 * applied to every answer of either engine (Material's lunr, the sharded one) before the
 * results panel shows it, so it works the same from a server and from file:// (offline).
 *
 * Each result item arrives with its title and its text as HTML with the matches in <mark>
 * (Material: up to two whole paragraphs, a phone screen and more; sharded: the whole
 * section), the words cut by U+200B (jieba's segmentation, which the search needs but a
 * reader must never get: it lets a line break before "，" or "”"). Out go:
 *   - title, text and tags without U+200B;
 *   - text: the sentence with the first match and, when that is short, the next one, at most
 *     MAX characters, "…" where a sentence was cut; without a match in the text (the page
 *     was found by its title, tags or facts), its first sentence or two;
 *   - the words typed, or their synonyms (config.synonyms, data/search_synonyms.yml: 煤气
 *     finds 燃气), marked in the text when the engine marked nothing there;
 *   - facts: the page's named front-matter facts that match ("讲话人：陆秋明"), first, as
 *     the text never says them.
 * The strings are the index's, HTML-escaped at build time (search_index.escape_markup): only
 * tags are dropped and <mark> added, so no markup can come alive here.
 */
/* eslint-env worker */
var SMSnippet = (function () {
  "use strict";

  var MAX = 100;          // characters of a snippet: three or four lines on a phone
  var MIN = 36;           // a first sentence shorter than this brings the next one
  var BEFORE = 36;        // at most this much of a long sentence before the match
  var ENDS = "。！？!?；;";                    // sentence ends
  var CLAUSE = "，、：,:";                       // where a long sentence may be cut
  var NO_START = "，、。；：！？,.;:!?”’）》」』〕】〉)]}… ";   // never the first character shown
  var ZWSP = /\u200b/g;
  var UNIT = /&#?[a-z0-9]+;|[\s\S]/giu;       // an entity or one code point
  var BLOCK = /^<\/?(?:p|li|ol|ul|pre)\b/i;     // Material's kept tags that end a paragraph

  var groups = [];

  function configure(config) {
    groups = (config && Array.isArray(config.synonyms)) ? config.synonyms : [];
  }

  /* HTML -> units [{t: text, m: marked, b: paragraph boundary}]: one per character or entity,
   * tags dropped, whitespace runs as one space. */
  function units(html) {
    var out = [], marked = false;
    String(html || "").replace(ZWSP, "").split(/(<[^>]*>)/).forEach(function (part) {
      if (part.charAt(0) === "<") {
        if (/^<mark\b/i.test(part)) marked = true;
        else if (/^<\/mark>/i.test(part)) marked = false;
        else if (BLOCK.test(part)) out.push({ t: " ", m: false, b: true });
        return;
      }
      (part.match(UNIT) || []).forEach(function (t) {
        if (/^\s$/.test(t)) {
          var last = out[out.length - 1];
          if (!last || /^\s$/.test(last.t)) return;
          t = " ";
        } else if (t === "<" || t === ">" || t === "&") {
          t = t === "<" ? "&lt;" : t === ">" ? "&gt;" : "&amp;";   // a stray one stays text
        }
        out.push({ t: t, m: marked, b: false });
      });
    });
    return out;
  }

  function serialize(list) {
    var s = "", open = false;
    list.forEach(function (u) {
      if (u.m !== open) { s += u.m ? "<mark>" : "</mark>"; open = u.m; }
      s += u.t;
    });
    return open ? s + "</mark>" : s;
  }

  /* The words to mark: the terms typed (Material's lowercase terms; a term matches the start
   * of a word) and every word of a synonym group that one of them starts. */
  function wordsFor(terms) {
    var words = [];
    terms.forEach(function (t) {
      if ([...t].length < 2) return;        // one character would light up half the text
      words.push(t);
      groups.forEach(function (g) {
        if (g.some(function (w) { return w.startsWith(t); })) words.push.apply(words, g);
      });
    });
    return words.filter(function (w, i) { return words.indexOf(w) === i; })
                .sort(function (a, b) { return b.length - a.length; });
  }

  /* Mark every occurrence of the words in units (case-insensitive for Latin letters). */
  function markWords(list, words) {
    var plain = list.map(function (u) { return u.t.length === 1 || [...u.t].length === 1 ? u.t.toLowerCase() : "\u0000"; });
    var flat = plain.join(""), starts = [], pos = 0;
    plain.forEach(function (c) { starts.push(pos); pos += c.length; });
    var byOffset = new Map();
    starts.forEach(function (s, i) { byOffset.set(s, i); });
    var found = false;
    words.forEach(function (w) {
      for (var at = flat.indexOf(w); at >= 0; at = flat.indexOf(w, at + w.length)) {
        var i = byOffset.get(at);
        if (i === undefined) continue;
        for (var end = at + w.length; i < list.length && starts[i] < end; i++) list[i].m = true;
        found = true;
      }
    });
    return found;
  }

  function isEnd(list, i) { return list[i].b || ENDS.indexOf(list[i].t) >= 0; }

  /* The window [start, end) of units around the first marked unit (or the opening). */
  function window_(list) {
    var first = list.findIndex(function (u) { return u.m; });
    var at = first < 0 ? 0 : first;
    var start = at;
    while (start > 0 && !isEnd(list, start - 1)) start--;
    var cutBefore = false;
    if (at - start > BEFORE) {        // a long sentence: from a clause start close before the match
      var from = at - BEFORE;
      start = from;
      for (var c = from; c < at; c++) if (CLAUSE.indexOf(list[c].t) >= 0) { start = c + 1; break; }
      cutBefore = true;
    }
    var end = at;
    while (end < list.length && !isEnd(list, end)) end++;
    if (end < list.length) end++;                       // the sentence end itself
    if (end - start < MIN) {                            // a short sentence: the next one too
      while (end < list.length && !isEnd(list, end)) end++;
      if (end < list.length) end++;
    }
    var cutAfter = false;
    if (end - start > MAX) {           // too long: up to a clause end after the match, if any
      var to = Math.max(start + MAX, at + 1);
      end = to;
      for (var d = to; d > at + 1; d--) if (CLAUSE.indexOf(list[d - 1].t) >= 0) { end = d; break; }
      if (end - start < MIN) end = to;
      while (end > at + 1 && CLAUSE.indexOf(list[end - 1].t) >= 0) end--;   // no "，…"
      cutAfter = true;
    }
    while (start < end && NO_START.indexOf(list[start].t) >= 0) start++;
    while (end > start && /^\s$/.test(list[end - 1].t)) end--;
    var out = list.slice(start, end).filter(function (u) { return !u.b; });
    return { units: out, before: cutBefore, after: cutAfter && end < list.length };
  }

  function snippet(html, words) {
    var list = units(html);
    if (!list.some(function (u) { return u.m; }) && words.length) markWords(list, words);
    if (!list.length) return "";
    var w = window_(list);
    var text = serialize(w.units).trim();
    if (!text) return "";
    return "<p>" + (w.before ? "…" : "") + text + (w.after ? "…" : "") + "</p>";
  }

  /* The facts (["讲话人：陆秋明", …]) whose value holds a word, the word marked. */
  function facts(list, words) {
    if (!Array.isArray(list) || !words.length) return "";
    return list.map(function (fact) {
      var colon = fact.indexOf("："), label = fact.slice(0, colon + 1), value = units(fact.slice(colon + 1));
      return markWords(value, words) ? '<p class="sm-search-fact">' + label + serialize(value) + "</p>" : "";
    }).join("");
  }

  function item(doc, typed) {
    var terms = (typed || []).concat(Object.keys(doc.terms || {}));
    var words = wordsFor(terms.map(function (t) { return t.toLowerCase(); }));
    var out = Object.assign({}, doc);
    out.title = String(doc.title || "").replace(ZWSP, "");
    out.text = facts(doc.facts, words) + snippet(doc.text, words);
    if (Array.isArray(doc.tags)) out.tags = doc.tags.map(function (t) { return String(t).replace(ZWSP, ""); });
    delete out.facts;
    delete out.about;
    delete out.parts;
    delete out.synonyms;
    return out;
  }

  /* An engine's answer ({items: [[doc, …], …], suggest?}) to `query`, every doc made
   * readable. The words of the query as typed are marked too, whole (金坛区, where the
   * engine's terms are 金坛 and a single 区). */
  function results(answer, query) {
    if (!answer || !Array.isArray(answer.items)) return answer;
    var typed = String(query || "").replace(/[*+\-:^~"]/g, " ").split(/[\s\u3000，、。；：！？,.;:!?]+/)
      .filter(function (w) { return w; });
    return Object.assign({}, answer, {
      items: answer.items.map(function (group) { return group.map(function (d) { return item(d, typed); }); })
    });
  }

  return { configure: configure, results: results, item: item, snippet: snippet, MAX: MAX };
})();
