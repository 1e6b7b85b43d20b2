/* 安全生产月: what every page runs while its header is read, before the first paint.

   One file, cached by browsers for a year (the build names it early.<content hash>.min.js:
   safety_month.site.early), instead of the same scripts and data inline in every page: the
   theme's local-storage helpers, 大字模式 and the remembered colour palette applied without
   a flash, and the theme's configuration (Material reads it from <script id="__config">).
   With no inline script left, the Content-Security-Policy of a page needs no hashes.

   The build puts the theme's configuration in place of the placeholder below ("search"
   relative to the site's root). Pages load this file in <head>, where Material had its
   inline helpers (overrides/partials/javascripts/base.html): a script there runs before
   anything is shown. */
(function () {
  "use strict";

  // This file is <root>/assets/javascripts/: the site's root is two folders up, at any page
  // depth, under a sub-path, and from file:// (the offline package) alike. Material computes
  // the same URL from each page's base_url ("../../..").
  var root = new URL("../../", document.currentScript.src);

  // Material 9.8.1 partials/javascripts/base.html (the storage helpers its bundle uses).
  window.__md_scope = root;
  window.__md_hash = function (e) {
    return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, storage, scope) {
    storage = storage || localStorage; scope = scope || window.__md_scope;
    return JSON.parse(storage.getItem(scope.pathname + "." + e));
  };
  window.__md_set = function (e, value, storage, scope) {
    storage = storage || localStorage; scope = scope || window.__md_scope;
    try { storage.setItem(scope.pathname + "." + e, JSON.stringify(value)); } catch (err) { /* full or blocked */ }
  };

  // 大字模式 before the first paint (site.js owns the button).
  try { if (window.__md_get("sm.large")) document.documentElement.classList.add("sm-large"); } catch (e) { /* no storage */ }

  // Material 9.8.1 partials/javascripts/palette.html: the remembered palette, set on <body>
  // as soon as the parser has made it (a mutation observer's callback runs before the next
  // paint). A palette remembered from an automatic "(prefers-color-scheme)" option, which
  // needs the palette inputs, is left to the theme's bundle (this site has no such option).
  function applyPalette() {
    var palette = window.__md_get("__palette");
    if (!palette || !palette.color || palette.color.media === "(prefers-color-scheme)") return;
    for (var key in palette.color) document.body.setAttribute("data-md-color-" + key, palette.color[key]);
  }
  new MutationObserver(function (records, observer) {
    if (!document.body) return;
    observer.disconnect();
    try { applyPalette(); } catch (e) { /* no storage */ }
  }).observe(document.documentElement, { childList: true });

  // Material's configuration, read by its bundle at the end of the page.
  var config = __SM_CONFIG__;
  config.base = root.href;
  config.search = new URL(config.search, root).href;
  var element = document.createElement("script");
  element.id = "__config";
  element.type = "application/json";
  element.textContent = JSON.stringify(config);
  document.head.appendChild(element);
})();
