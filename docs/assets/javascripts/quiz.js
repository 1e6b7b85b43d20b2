/* 安全知识自测 (五进 pages): a 查看答案 button under each question says in words whether the
   chosen option is right (an aria-live line, so screen readers hear it) and opens the
   explanation with its link to the section. The answers are not stored and nothing is sent:
   this file makes no request and touches no storage. Without JavaScript each question's
   <details> "查看答案" shows the same answer. */
(function () {
  "use strict";

  function setup(q) {
    var answer = q.getAttribute("data-answer");
    var result = q.querySelector(".sm-quiz__result");
    var details = q.querySelector(".sm-quiz__answer");
    if (!answer || !result || !details) return;
    var radios = q.querySelectorAll("input[type=radio]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sm-quiz__check";
    button.textContent = "查看答案";

    function clear() {
      q.classList.remove("sm-quiz__q--right", "sm-quiz__q--wrong", "sm-quiz__q--shown");
      result.textContent = "";
      details.open = false;
    }

    button.addEventListener("click", function () {
      var chosen = q.querySelector("input[type=radio]:checked");
      var right = !!chosen && chosen.value === answer;
      clear();
      if (!chosen) result.textContent = "未作答。正确答案是 " + answer + "。";
      else if (right) result.textContent = "✓ 回答正确：" + answer + "。";
      else result.textContent = "✗ 回答错误：你选了 " + chosen.value + "，正确答案是 " + answer + "。";
      if (chosen) q.classList.add(right ? "sm-quiz__q--right" : "sm-quiz__q--wrong");
      q.classList.add("sm-quiz__q--shown");
      details.open = true;
    });
    // Choosing again starts the question afresh (the reader may try before looking again).
    for (var i = 0; i < radios.length; i++) radios[i].addEventListener("change", clear);
    result.parentNode.insertBefore(button, result);
    q.setAttribute("data-sm-ready", "");
  }

  function init() {
    var questions = document.querySelectorAll(".sm-quiz .sm-quiz__q");
    for (var i = 0; i < questions.length; i++) setup(questions[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
