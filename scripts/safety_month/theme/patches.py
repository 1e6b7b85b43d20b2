"""The patches this site applies to Material's built assets (see asset_patch)."""

from __future__ import annotations

from safety_month import tables

from .patching import Patch

BUNDLE = "assets/javascripts/bundle.*.min.js"

# An empty script: the loader resolves at once and nothing leaves the machine.
EMPTY_SCRIPT = '"data:text/javascript,"'

OFFLINE_PATCHES: list[Patch] = [
    # Loaded only when window.ResizeObserver is missing (no browser this site supports), but
    # a reference to unpkg.com must not ship: intranets and mainland China cannot reach it.
    Patch(
        name="resize-observer polyfill from unpkg.com",
        glob=BUNDLE,
        old='"https://unpkg.com/resize-observer-polyfill"',
        new=EMPTY_SCRIPT,
    ),
    # Loaded only for .mermaid blocks, which this site does not enable (content checks
    # reject them); the reference must still go.
    Patch(
        name="mermaid from unpkg.com",
        glob=BUNDLE,
        old='"https://unpkg.com/mermaid@11/dist/mermaid.min.js"',
        new=EMPTY_SCRIPT,
    ),
    # Repository facts are fetched only when repo_url is set, which this site never does
    # (api.github.com is unreachable from intranets); the references must still go.
    Patch(
        name="GitHub repository facts from api.github.com",
        glob=BUNDLE,
        old="`https://api.github.com/repos/${e}/${t}`",
        new="`data:,`",
    ),
    Patch(
        name="GitHub user facts from api.github.com",
        glob=BUNDLE,
        old="`https://api.github.com/users/${e}`",
        new="`data:,`",
    ),
]

WORKER = "assets/javascripts/workers/search.*.min.js"

# Material 9.8.1's search worker cuts an unspaced Chinese query into words found in the
# index vocabulary. Its loop never looks at slices that end at the last character
# (`o<t.length`) and never continues at the last position (`a<t.length-1`), so the last
# word is dropped (隐患排查 → 隐患), and when no indexed word starts somewhere, everything
# after that point is dropped too. The replacement keeps every character: the longest
# indexed word at each position (plus words overlapping its end, as before), and a run of
# characters that starts no indexed word is kept as its own term (so a half-typed word such
# as 隐患排 still searches 排*, and a word missing from the site shows as struck through).
SEGMENT_OLD = (
    'function fe(t,e){let r=new Set,n=new Uint16Array(t.length);'
    'for(let s=0;s<t.length;s++)for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);'
    'let i=[0];for(let s=i.length;s>0;){let o=i[--s];'
    'for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),i[s++]=o+u);'
    'let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}'
    'return r.has("")?new Set([t]):r}'
)
SEGMENT_NEW = (
    'function fe(t,e){let r=new Set,n=new Uint16Array(t.length),v=new Set;'
    'for(let s=0;s<t.length;s++)for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);'
    'let i=[0];for(let s=i.length;s>0;){let o=i[--s];if(v.has(o))continue;v.add(o);'
    'if(!n[o]){let a=o+1;for(;a<t.length&&!n[a];)a++;r.add(t.slice(o,a));a<t.length&&(i[s++]=a);continue}'
    'for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),i[s++]=o+u);'
    'let a=o+n[o];a<t.length&&(i[s++]=a),r.add(t.slice(o,a))}'
    'return r}'
)

# With a sharded index (search_shards.py: large sites), search_index.json names a small
# engine script in config.shards: load it and open the shards instead of building lunr.
# Material's lunr path is kept for the Material-sized index and for file:// (offline
# edition), where search_index.js carries the whole index.
SETUP_OLD = "case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1};"
SETUP_NEW = (
    "case 0:return SMSnippet.configure(t.data.config),t.data.config.shards?(importScripts(t.data.config.shards.engine),"
    "de=yield SMSearch.open(t.data)):(yield Ie(t.data.config),de=new U(t.data)),{type:1};"
)
# The longest query either engine works on, in characters after trimming. Both cut an
# unspaced run of Han characters by looking up every slice of it (Material's fe(), the
# sharded engine's segment()), so the work grows with the square of its length: a pasted
# 1,000-character paragraph took 4-6 s and 3,000 characters 21-39 s before any answer, with
# nothing shown meanwhile (scripts/devtools/bench_search.py --long-queries). 64 characters is longer
# than any real search (a title, a name, a phrase) and answers as fast as a short one; the
# search panel tells the reader when the rest was left out (overrides/partials/search.html,
# docs/assets/javascripts/site.js), and data/search_engine.js holds the same bound.
QUERY_MAX_CHARS = 64

# The sharded engine answers asynchronously (it fetches shards): await the answer. The query
# is trimmed and capped first, by code points (an astral character is never cut in half).
QUERY_OLD = "case 2:let e=t.data;try{return{type:3,data:de.search(e)}}"
QUERY_NEW = ("case 2:let e=[...String(t.data).trim()].slice(0,%d).join(\"\");"
             "try{return{type:3,data:SMSnippet.results(yield de.search(e),e)}}" % QUERY_MAX_CHARS)

# Results a reader can use (data/search_snippet.js, the function SMSnippet): the sentence or
# two around the match instead of whole paragraphs, no U+200B from segmentation, the fact
# that matched ("讲话人：陆秋明"), synonyms marked. Put into the worker itself, not loaded
# with importScripts, so the file:// edition (which runs the worker from an iframe) and the
# Content-Security-Policy need nothing new. The setup above hands it the index's config (the
# synonym groups) and the query answer above goes through it, for both engines.
SNIPPET_OLD = "var de;function Ie(t)"
SNIPPET_NEW = "var de;" + tables.text("search_snippet.js") + ";function Ie(t)"

# Material joins the pieces of a cut Han run with "* " and then appends "*" to every term
# again, so every piece but the last becomes "燃气泄漏**": lunr still matches it, but the
# result's term check (startsWith) fails, so the piece is left out of ?h= (no highlight on
# the target page) and counted as missing. Join with a space: each piece gets one "*".
JOIN_OLD = '[...fe(s,this.index.invertedIndex)].join("* ")'
JOIN_NEW = '[...fe(s,this.index.invertedIndex)].join(" ")'

# Applied to the built site by the search hook (safety_month.search.build).
SEARCH_PATCHES: list[Patch] = [
    Patch(name="search worker: keep every word of an unspaced Chinese query",
          glob=WORKER, old=SEGMENT_OLD, new=SEGMENT_NEW),
    Patch(name="search worker: open the sharded index when the build wrote one",
          glob=WORKER, old=SETUP_OLD, new=SETUP_NEW),
    Patch(name="search worker: cap the query length and wait for the sharded engine's answer",
          glob=WORKER, old=QUERY_OLD, new=QUERY_NEW),
    Patch(name="search worker: one trailing wildcard per query piece",
          glob=WORKER, old=JOIN_OLD, new=JOIN_NEW),
    Patch(name="search worker: results as the sentences around the match (SMSnippet)",
          glob=WORKER, old=SNIPPET_OLD, new=SNIPPET_NEW),
]

# Material renders the tags of each search result in a <nav class="md-tags">: one navigation
# landmark per result, all unnamed (axe: landmark-unique), though the tags are plain text and
# lead nowhere. A <div> keeps the look (Material's CSS targets .md-tags only) without the
# landmarks. Applied to the built site by the theme_a11y hook.
A11Y_PATCHES: list[Patch] = [
    Patch(name="search results: tags in a <div>, not one unnamed <nav> landmark per result",
          glob=BUNDLE,
          old='e.tags&&x("nav",{class:"md-tags"},',
          new='e.tags&&x("div",{class:"md-tags"},'),
]
