/* 安全生产月 library pages (a year, a level, a tag): filter the speeches listed on this page by
   level and tag. Progressive enhancement: without JavaScript the form stays hidden and every
   speech is listed; with it, the choices are read from the list itself (its level badges and
   tag links), so the page carries no second copy of its data. No request, no storage: works
   from file:// in the offline package. Loaded by overrides/library.html only (the CSP allows
   'self' scripts, no inline code). */
(function () {
  "use strict";

  var NO_LEVEL = "未标注层级";

  function addOptions(select, counts, order) {
    order.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = counts[value].label + "（" + counts[value].n + "篇）";
      select.appendChild(option);
    });
  }

  function tally(items) {
    var levels = {}, levelOrder = [], tags = {}, tagOrder = [];
    items.forEach(function (li) {
      var level = li.getAttribute("data-level") || "";
      if (!levels[level]) {
        var badge = li.querySelector(".sm-badge--level");
        levels[level] = { n: 0, label: level ? (badge ? badge.textContent : level) : NO_LEVEL };
        levelOrder.push(level);
      }
      levels[level].n++;
      li.querySelectorAll("a[data-tag]").forEach(function (a) {
        var slug = a.getAttribute("data-tag");
        if (!tags[slug]) { tags[slug] = { n: 0, label: a.textContent }; tagOrder.push(slug); }
        tags[slug].n++;
      });
    });
    tagOrder.sort(function (a, b) { return tags[b].n - tags[a].n || tagOrder.indexOf(a) - tagOrder.indexOf(b); });
    return { levels: levels, levelOrder: levelOrder, tags: tags, tagOrder: tagOrder };
  }

  // ?level=市&tag=xiao-fang-an-quan preselects (a link may open the page filtered).
  function param(name) {
    try { return new URLSearchParams(location.search).get(name) || ""; } catch (e) { return ""; }
  }

  function setup(form) {
    var list = document.querySelector("[data-sm-list]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var level = form.querySelector("select[name=level]");
    var tag = form.querySelector("select[name=tag]");
    var status = form.querySelector(".sm-filter__count");
    var t = tally(items);
    addOptions(level, t.levels, t.levelOrder);
    addOptions(tag, t.tags, t.tagOrder);
    // A tag page lists its speeches without their tags: nothing to choose from there.
    if (!t.tagOrder.length) tag.closest("label").hidden = true;
    if (t.levels[param("level")]) level.value = param("level");
    if (t.tags[param("tag")]) tag.value = param("tag");

    function apply() {
      var shown = 0;
      items.forEach(function (li) {
        var okLevel = !level.value || li.getAttribute("data-level") === level.value;
        var okTag = !tag.value || (" " + li.getAttribute("data-tags") + " ").indexOf(" " + tag.value + " ") >= 0;
        li.hidden = !(okLevel && okTag);
        if (!li.hidden) shown++;
      });
      status.textContent = (level.value || tag.value)
        ? (shown ? "本页 " + items.length + " 篇中有 " + shown + " 篇符合条件" : "本页没有符合条件的讲话")
        : "本页共 " + items.length + " 篇";
    }
    level.addEventListener("change", apply);
    tag.addEventListener("change", apply);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll("form[data-sm-filter]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
