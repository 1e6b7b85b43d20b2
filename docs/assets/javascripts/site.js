/* 安全生产月 site behaviour: 大字模式 toggle and the 隐患自查清单 ticks, both remembered in
   localStorage (through Material's __md_get/__md_set, scoped to the site's base path).
   Without JavaScript the page still works: the checklist is a plain printed list. */
(function () {
  "use strict";

  var LARGE_KEY = "sm.large";

  function get(key) {
    try { return window.__md_get(key); } catch (e) { return null; }
  }
  function set(key, value) {
    try { window.__md_set(key, value); } catch (e) { /* storage full or blocked */ }
  }

  /* ---------------------------------------------------------------- 大字模式 */
  function setupTextSize() {
    var buttons = document.querySelectorAll("[data-sm-textsize]");
    function render() {
      var on = document.documentElement.classList.contains("sm-large");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
        buttons[i].title = on ? "关闭大字模式" : "大字模式";
      }
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var on = !document.documentElement.classList.contains("sm-large");
        document.documentElement.classList.toggle("sm-large", on);
        set(LARGE_KEY, on);
        render();
      });
    }
    render();
  }

  /* ---------------------------------------------------------- 隐患自查清单 */
  // One stored object per page: { "<item key>": true }. The item key is a hash of the
  // item's text, so editors may reorder items without moving ticks to other items.
  function hash(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36);
  }

  function setupChecklist(box, index) {
    var storeKey = "sm.check:" + location.pathname + ":" + index;
    var state = get(storeKey) || {};
    var items = box.querySelectorAll(".task-list-item");
    if (!items.length) return;
    var inputs = [];
    var progress = document.createElement("span");
    progress.className = "sm-checklist__progress";
    progress.setAttribute("aria-live", "polite");

    function update() {
      var done = 0;
      for (var i = 0; i < inputs.length; i++) {
        var li = inputs[i].closest(".task-list-item");
        if (inputs[i].checked) done++;
        if (li) li.classList.toggle("sm-done", inputs[i].checked);
      }
      progress.textContent = "已检查 " + done + " / " + inputs.length + " 项";
    }

    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var input = li.querySelector("input[type=checkbox]");
      if (!input) continue;
      var text = (li.textContent || "").replace(/\s+/g, " ").trim();
      var key = hash(text);
      input.disabled = false;
      input.removeAttribute("disabled");
      input.setAttribute("aria-label", text);
      input.dataset.smKey = key;
      input.checked = state[key] === true;
      // The whole row toggles its box (the theme's label only covers the small box).
      li.addEventListener("click", (function (box) {
        return function (ev) {
          if (ev.target === box || (ev.target.closest && ev.target.closest("label, a, button"))) return;
          box.click();
        };
      })(input));
      input.addEventListener("change", function (ev) {
        var k = ev.target.dataset.smKey;
        if (ev.target.checked) state[k] = true; else delete state[k];
        set(storeKey, state);
        update();
      });
      inputs.push(input);
    }

    var bar = document.createElement("div");
    bar.className = "sm-checklist__bar";
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "sm-checklist__reset";
    reset.textContent = "清除勾选";
    reset.addEventListener("click", function () {
      state = {};
      set(storeKey, state);
      for (var i = 0; i < inputs.length; i++) inputs[i].checked = false;
      update();
    });
    var print = document.createElement("button");
    print.type = "button";
    print.className = "sm-checklist__print";
    print.textContent = "打印清单";
    print.addEventListener("click", function () { printAlone(box); });
    // Lines to fill in on the printed sheet (shown in print only).
    var sign = document.createElement("p");
    sign.className = "sm-checklist__sign";
    ["单位", "检查人", "检查日期"].forEach(function (name) {
      var field = document.createElement("span");
      field.className = "sm-checklist__field";
      field.textContent = name + "：";
      sign.appendChild(field);
    });
    bar.appendChild(progress);
    bar.appendChild(reset);
    bar.appendChild(print);
    box.appendChild(bar);
    box.appendChild(sign);
    box.setAttribute("data-sm-ready", "");
    update();
  }

  /* ------------------------------------------------------------ 只打印清单 */
  // "打印清单" prints the checklist alone on one sheet: the checklist and its heading are the
  // target, their ancestors the path, and print CSS hides everything else on the path
  // (html.sm-print-checklist). The marks go when printing ends.
  function printAlone(box) {
    var root = document.documentElement;
    var marked = [];
    function mark(el, cls) { el.classList.add(cls); marked.push([el, cls]); }
    mark(box, "sm-print-target");
    var heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    if (heading) mark(heading, "sm-print-target");
    // the page's title too (安全宣传进企业): the sheet says where it comes from
    var title = box.closest("article") && box.closest("article").querySelector("h1");
    if (title && title !== heading) mark(title, "sm-print-target");
    for (var el = box.parentElement; el && el !== root; el = el.parentElement) mark(el, "sm-print-path");
    root.classList.add("sm-print-checklist");
    function done() {
      root.classList.remove("sm-print-checklist");
      marked.forEach(function (m) { m[0].classList.remove(m[1]); });
      window.removeEventListener("afterprint", done);
    }
    window.addEventListener("afterprint", done);
    window.print();
  }

  /* ------------------------------------------------------------ 搜索词过长 */
  // The search works on the first N characters of a query (the worker caps it: pasting a
  // whole paragraph would otherwise take seconds). Say so while the box holds more.
  function setupSearchNote() {
    var input = document.querySelector("input.md-search__input");
    var note = document.querySelector(".sm-search-note[data-sm-query-max]");
    if (!input || !note) return;
    var max = parseInt(note.getAttribute("data-sm-query-max"), 10);
    function update() {
      note.hidden = Array.from(input.value.trim()).length <= max;
    }
    ["input", "keyup", "focus"].forEach(function (type) { input.addEventListener(type, update); });
    if (input.form) input.form.addEventListener("reset", function () { setTimeout(update, 0); });
    update();
  }

  /* ------------------------------------------------------------ 复制链接、二维码 */
  // The page's address: the public one the build knew (data-url), else where the reader is.
  function pageAddress(button) {
    return button.getAttribute("data-url") || location.href.split("#")[0];
  }

  // navigator.clipboard needs a secure context (https or localhost); an intranet server on
  // plain http has none, so the address is copied from a hidden text field instead.
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(copyByField(text)); });
    } else {
      done(copyByField(text));
    }
  }

  function copyByField(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok;
  }

  function setupShare(box) {
    var actions = box.querySelector(".sm-share__actions");
    var copy = box.querySelector(".sm-share__copy");
    var toggle = box.querySelector(".sm-share__toggle");
    var status = box.querySelector(".sm-share__status");
    if (!actions || !copy) return;
    actions.hidden = false;
    // Built without its public address: print the address this page was opened at (not a
    // file:// path, which means nothing to the person holding the paper).
    var address = box.querySelector(".sm-share__address");
    if (address && /^https?:$/.test(location.protocol)) {
      address.querySelector(".sm-share__here").textContent = location.href.split("#")[0];
      address.hidden = false;
    }
    copy.addEventListener("click", function () {
      var address = pageAddress(copy);
      copyText(address, function (ok) {
        status.textContent = ok ? "已复制本页链接" : "无法自动复制，请复制这个地址：" + address;
      });
    });
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = !box.classList.contains("sm-share--open");
        box.classList.toggle("sm-share--open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = open ? "收起二维码" : "显示二维码";
      });
    }
  }

  function init() {
    setupTextSize();
    var shares = document.querySelectorAll("[data-sm-share]");
    for (var s = 0; s < shares.length; s++) setupShare(shares[s]);
    setupSearchNote();
    var boxes = document.querySelectorAll(".sm-checklist");
    for (var i = 0; i < boxes.length; i++) setupChecklist(boxes[i], i);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
