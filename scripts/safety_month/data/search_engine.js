/* 安全生产月 search engine: the sharded, prebuilt index (safety_month/search_shards.py)
 * answered inside Material's search worker, with Material's message formats.
 *
 * Loaded by the patched worker (theme_patches.SEARCH_PATCHES) with importScripts when
 * search_index.json carries config.shards. Fetches only what a query needs: the term shards
 * of the characters typed, then the display text of the result pages shown first.
 */
/* eslint-env worker */
var SMSearch = (function () {
  "use strict";

  var PREFIX_FACTOR = 0.5;   // a longer word that starts with the typed term counts half
  var TEXT_GROUPS = 12;      // result pages shown with their sections and text (Material's
                             // list shows 10 before the reader scrolls); later pages: title only
  var HAN = /\p{sc=Han}/u;
  var HAN_RUN = /(\p{sc=Han}+)/u;
  var SYNTAX = /[*+:^~"]/g;  // lunr query syntax Material accepts; ignored here
  // The longest query worked on, in characters after trimming (= theme_patches.QUERY_MAX_CHARS,
  // which the patched worker applies before calling search): segment() looks up every slice
  // of a Han run, so a pasted paragraph would take seconds.
  var QUERY_MAX = 64;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (res) {
      if (!res.ok) throw new Error("search: " + url + " answered " + res.status);
      return res.json();
    });
  }

  /* Cut an unspaced Han run into words of the index vocabulary, keeping every character
   * (the same rules as the patched Material worker): at each position the longest known
   * word, plus known words that overlap its end; a run of characters that starts no known
   * word is kept as its own term. */
  function segment(run, known) {
    var n = new Uint16Array(run.length), out = new Set(), seen = new Set(), stack = [0];
    for (var s = 0; s < run.length; s++)
      for (var o = s + 1; o <= run.length; o++) if (known(run.slice(s, o))) n[s] = o - s;
    while (stack.length) {
      var p = stack.pop();
      if (seen.has(p)) continue;
      seen.add(p);
      if (!n[p]) {
        var q = p + 1;
        while (q < run.length && !n[q]) q++;
        out.add(run.slice(p, q));
        if (q < run.length) stack.push(q);
        continue;
      }
      for (var u = 1; u < n[p]; u++)
        if (n[p + u] > n[p] - u) { out.add(run.slice(p, p + u)); stack.push(p + u); }
      var a = p + n[p];
      if (a < run.length) stack.push(a);
      out.add(run.slice(p, a));
    }
    return out;
  }

  function lowerBound(keys, prefix) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < prefix) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function Engine(config, meta, metaUrl) {
    this.sep = new RegExp(config.separator);
    this.sepAll = new RegExp(config.separator, "g");
    this.meta = meta;
    this.metaUrl = metaUrl;
    this.shards = new Map();   // k -> Promise<{terms, keys}>
    this.texts = new Map();    // chunk -> Promise<rows>
    this.queue = Promise.resolve({ items: [] });   // the answer to the last query taken
    this.latest = 0;
  }

  Engine.open = function (data) {
    var metaUrl = new URL(data.config.shards.meta, self.location.href);
    return getJSON(metaUrl).then(function (meta) { return new Engine(data.config, meta, metaUrl); });
  };

  Engine.prototype.shardOf = function (term) {
    return term.codePointAt(0) % this.meta.shards;
  };

  Engine.prototype.loadShard = function (k) {
    if (!this.shards.has(k)) {
      var url = new URL(this.meta.termFiles[k], this.metaUrl);
      this.shards.set(k, getJSON(url).then(function (terms) {
        return { terms: terms, keys: Object.keys(terms).sort() };
      }));
    }
    return this.shards.get(k);
  };

  Engine.prototype.loadText = function (chunk) {
    if (!this.texts.has(chunk)) this.texts.set(chunk, getJSON(new URL(this.meta.textFiles[chunk], this.metaUrl)));
    return this.texts.get(chunk);
  };

  /* Index of the last element of a sorted array that is <= id. */
  function floorIndex(starts, id) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= id) lo = mid; else hi = mid - 1; }
    return lo;
  }

  Engine.prototype.chunkOf = function (id) { return floorIndex(this.meta.textStart, id); };
  Engine.prototype.pageOf = function (id) { return this.meta.pageStart[floorIndex(this.meta.pageStart, id)]; };

  /* Query string -> distinct lowercase terms, Han runs cut into indexed words. Loads the
   * shard of every character typed first: a word starting at any position is in the shard
   * of its first character. */
  Engine.prototype.terms = function (query) {
    var self = this;
    var pieces = query.replace(SYNTAX, " ").toLowerCase().split(this.sep).filter(Boolean);
    var wanted = new Set();
    pieces.forEach(function (p) {
      wanted.add(self.shardOf(p));
      for (var c of p) if (HAN.test(c)) wanted.add(self.shardOf(c));
    });
    var list = [...wanted];
    return Promise.all(list.map(function (k) { return self.loadShard(k); })).then(function (loaded) {
      var byShard = new Map();
      list.forEach(function (k, i) { byShard.set(k, loaded[i]); });
      var known = function (word) {
        var shard = byShard.get(self.shardOf(word));
        return !!shard && Object.prototype.hasOwnProperty.call(shard.terms, word);
      };
      var out = [];
      pieces.forEach(function (p) {
        p.split(HAN_RUN).filter(Boolean).forEach(function (part) {
          var words = HAN.test(part) ? [...segment(part, known)] : [part];
          words.forEach(function (w) { if (w && out.indexOf(w) < 0) out.push(w); });
        });
      });
      return out;
    });
  };

  /* Postings of every indexed term starting with `term`: [[ids, weights, idf, exact], ...]. */
  Engine.prototype.matches = function (term) {
    var self = this;
    return this.loadShard(this.shardOf(term)).then(function (shard) {
      var out = [], keys = shard.keys;
      for (var i = lowerBound(keys, term); i < keys.length && keys[i].startsWith(term); i++) {
        var flat = shard.terms[keys[i]], df = flat.length / 2;
        var idf = Math.log(1 + (self.meta.n - df + 0.5) / (df + 0.5));
        out.push({ word: keys[i], flat: flat, idf: idf, exact: keys[i] === term });
      }
      return out;
    });
  };

  /* Material's box sends a query on every keystroke and shows whichever answer comes last.
   * Answers that wait for fetches could overtake each other, so queries run one after the
   * other; a query already superseded when its turn comes is not worked out (it answers
   * with the previous results, which the newer answer replaces at once). */
  Engine.prototype.search = function (query) {
    query = [...String(query).trim()].slice(0, QUERY_MAX).join("");
    var self = this, ticket = ++this.latest;
    this.queue = this.queue.then(function (previous) {
      return ticket < self.latest ? previous : self.searchNow(query);
    }, function () { return self.searchNow(query); });
    return this.queue;
  };

  Engine.prototype.searchNow = function (query) {
    var self = this, meta = this.meta;
    return this.terms(query).then(function (terms) {
      if (!terms.length) return { items: [] };
      return Promise.all(terms.map(function (t) { return self.matches(t); })).then(function (perTerm) {
        var score = new Map(), hit = new Map();   // id -> summed score; id -> Set(term index)
        perTerm.forEach(function (list, ti) {
          var best = new Map();
          list.forEach(function (m) {
            var id = 0, factor = m.idf * (m.exact ? 1 : PREFIX_FACTOR) / 100;
            for (var j = 0; j < m.flat.length; j += 2) {
              id += m.flat[j];
              var s = m.flat[j + 1] * factor;
              if (!(best.get(id) >= s)) best.set(id, s);
            }
          });
          best.forEach(function (s, id) {
            score.set(id, (score.get(id) || 0) + s);
            if (!hit.has(id)) hit.set(id, new Set());
            hit.get(id).add(ti);
          });
        });
        var ranked = [];
        score.forEach(function (s, id) {
          var g = (self.pageOf(id) === id ? 1 : 0) + hit.get(id).size / terms.length;
          var boost = meta.boost[id] !== undefined ? meta.boost[id] : 1;
          ranked.push({ id: id, score: s * boost * (1 + g * g) });
        });
        ranked.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        var groups = new Map();
        ranked.forEach(function (r) {
          var p = self.pageOf(r.id);
          if (!groups.has(p)) groups.set(p, []);
          groups.get(p).push(r);
        });
        groups.forEach(function (list, p) {
          if (!list.some(function (r) { return r.id === p; })) list.push({ id: p, score: 0, empty: true });
        });
        return self.render([...groups.values()], terms, hit);
      });
    });
  };

  Engine.prototype.render = function (groups, terms, hit) {
    var self = this, meta = this.meta;
    var chunks = new Set();
    groups.slice(0, TEXT_GROUPS).forEach(function (list) { list.forEach(function (r) { chunks.add(self.chunkOf(r.id)); }); });
    var rows = new Map();
    return Promise.all([...chunks].map(function (c) {
      return self.loadText(c).then(function (list) { rows.set(c, list); });
    })).then(function () {
      var items = groups.map(function (list, gi) {
        if (gi >= TEXT_GROUPS) list = list.filter(function (r) { return r.id === self.pageOf(r.id); });
        if (!list.length) list = [{ id: self.pageOf(groups[gi][0].id), score: 0, empty: true }];
        return list.map(function (r) {
          var matched = r.empty ? [] : terms.filter(function (t, ti) { return hit.get(r.id).has(ti); });
          var termMap = {};
          if (!r.empty) terms.forEach(function (t, ti) { termMap[t] = hit.get(r.id).has(ti); });
          var loc, title, text = "", facts;
          if (gi < TEXT_GROUPS) {
            var c = self.chunkOf(r.id), row = rows.get(c)[r.id - meta.textStart[c]];
            loc = row[0]; title = row[1]; text = row[2]; facts = row[3];
          } else {
            var pi = floorIndex(meta.pageStart, r.id);
            loc = meta.pageLoc[pi]; title = meta.pageTitle[pi];
          }
          var item = { location: loc, title: self.mark(title, matched), text: self.mark(text, matched),
                       score: r.score, terms: termMap };
          var tags = meta.tags[self.pageOf(r.id)];
          if (tags) item.tags = tags.slice();
          if (facts) item.facts = facts;   // named front-matter facts (search_snippet.js shows the one that matched)
          return item;
        });
      });
      return { items: items };
    });
  };

  /* Wrap each token that starts with a matched term in <mark>, outside HTML tags. */
  Engine.prototype.mark = function (html, matched) {
    if (!html || !matched.length) return html;
    var sepAll = this.sepAll;
    return html.split(/(<[^>]*>)/).map(function (part) {
      if (part.charAt(0) === "<") return part;
      var out = "", last = 0, m;
      sepAll.lastIndex = 0;
      var emit = function (end) {
        var token = part.slice(last, end), lower = token.toLowerCase();
        out += token && matched.some(function (t) { return lower.startsWith(t); }) ? "<mark>" + token + "</mark>" : token;
      };
      while ((m = sepAll.exec(part)) !== null) {
        if (m[0] === "") { sepAll.lastIndex++; continue; }
        emit(m.index);
        out += m[0];
        last = m.index + m[0].length;
      }
      emit(part.length);
      return out;
    }).join("");
  };

  return { open: Engine.open, segment: segment, Engine: Engine, QUERY_MAX: QUERY_MAX };
})();
