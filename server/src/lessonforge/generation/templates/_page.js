/* The share page's behaviour. Included verbatim into the page (no Jinja markup and no closing script tag here). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var data = JSON.parse(document.getElementById("lf-data").textContent);
  var answers = data.answers || {};
  var labels = data.labels || { texts: {} };
  var state = load();

  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  /* Interface texts in the module's interface language (page_texts.py): a text, or its plural forms chosen by
     values.count through the server's table of form indexes (labels.plural[count]). */
  function template(key, values) {
    var label = own(labels.texts, key) ? labels.texts[key] : key;
    if (Array.isArray(label)) {
      var n = values && own(values, "count") ? Number(values.count) : 0;
      var plural = labels.plural || [];
      var form = n >= 0 && n < plural.length ? plural[n] : plural[plural.length - 1];
      label = label[Math.min(form === undefined ? label.length - 1 : form, label.length - 1)];
    }
    return String(label);
  }
  function pieces(key, values) {
    return template(key, values).split(/(\{\w+\})/).map(function (piece) {
      var name = /^\{(\w+)\}$/.exec(piece);
      return name && values && own(values, name[1]) ? { name: name[1], text: String(values[name[1]]) } : { text: piece };
    });
  }
  function t(key, values) {
    return pieces(key, values).map(function (p) { return p.text; }).join("");
  }
  /* Fill an element with a label as text nodes; placeholders named in `hooks` become <span HOOK> or a span with
     the given attributes, e.g. {lang: "es"} (no HTML parsing). */
  function fill(element, key, values, hooks) {
    element.textContent = "";
    pieces(key, values).forEach(function (p) {
      var node = document.createTextNode(p.text);
      if (p.name && hooks && own(hooks, p.name) && hooks[p.name]) {
        var span = document.createElement("span");
        var attributes = hooks[p.name];
        if (typeof attributes === "string") { span.setAttribute(attributes, ""); }
        else { Object.keys(attributes).forEach(function (k) { span.setAttribute(k, attributes[k]); }); }
        span.appendChild(node);
        node = span;
      }
      if (p.text) { element.appendChild(node); }
    });
  }
  /* The lang of a course-language text inside an element (its <span lang>), as a fill() hook. */
  function langOf(element) {
    var marked = element ? element.querySelector("[lang]") : null;
    return marked ? { lang: marked.getAttribute("lang") } : null;
  }
  function dict(value) {
    var out = Object.create(null);
    if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { out[k] = value[k]; });
    }
    return out;
  }
  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(data.storageKey); } catch (e) { raw = null; }
    var saved = {};
    try { saved = raw ? JSON.parse(raw) || {} : {}; } catch (e) { saved = {}; }
    return { v: 1, seen: dict(saved.seen), quiz: dict(saved.quiz), checks: dict(saved.checks), matched: dict(saved.matched) };
  }
  function save() {
    try { window.localStorage.setItem(data.storageKey, JSON.stringify(state)); } catch (e) { /* private mode: keep going */ }
    summary();
  }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  /* Flashcards: one card at a time; Enter/Space flip (native button), arrows move. */
  all(document, "[data-deck]").forEach(function (deck) {
    var items = all(deck, ".card-item");
    var pos = 0;
    function show(next, focus) {
      if (!items.length) { return; }
      pos = (next + items.length) % items.length;
      items.forEach(function (item, i) { item.classList.toggle("current", i === pos); });
      count();
      if (focus) { items[pos].querySelector(".flashcard").focus(); }
    }
    function flip(card) {
      var flipped = !card.classList.contains("flipped");
      card.classList.toggle("flipped", flipped);
      card.setAttribute("aria-pressed", flipped ? "true" : "false");
      if (flipped) { state.seen[card.getAttribute("data-card")] = true; save(); }
      count();
    }
    function count() {
      var seen = all(deck, ".flashcard").filter(function (c) { return own(state.seen, c.getAttribute("data-card")); });
      fill(deck.querySelector("[data-deck-count]"), "flashcards.position",
        { position: pos + 1, total: items.length, count: seen.length }, { position: "data-pos", count: "data-seen" });
    }
    all(deck, ".flashcard").forEach(function (card) {
      card.addEventListener("click", function () { flip(card); });
      card.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
        if (step) { event.preventDefault(); show(pos + step, true); }
      });
    });
    all(deck, "[data-move]").forEach(function (button) {
      button.addEventListener("click", function () { show(pos + Number(button.getAttribute("data-move")), false); });
    });
    deck.querySelector("[data-flip]").addEventListener("click", function () {
      if (items.length) { flip(items[pos].querySelector(".flashcard")); }
    });
    show(0, false);
    count();
  });

  /* Matching: choose a term then a meaning (either order works); correct pairs lock. */
  all(document, "[data-matching]").forEach(function (box) {
    var status = box.querySelector("[data-status]");
    var picked = { left: null, right: null };
    function lock(id) {
      all(box, "button").forEach(function (b) {
        if (b.getAttribute("data-pair") === id) {
          b.classList.add("matched"); b.setAttribute("aria-pressed", "false"); b.disabled = true;
        }
      });
    }
    function pick(button, side) {
      if (picked[side]) { picked[side].setAttribute("aria-pressed", "false"); }
      picked[side] = button; button.setAttribute("aria-pressed", "true");
      if (!picked.left || !picked.right) {
        status.textContent = t(side === "left" ? "matching.choose_meaning" : "matching.choose_term");
        return;
      }
      var left = picked.left, right = picked.right;
      picked = { left: null, right: null };
      left.setAttribute("aria-pressed", "false"); right.setAttribute("aria-pressed", "false");
      if (left.getAttribute("data-pair") === right.getAttribute("data-pair")) {
        state.matched[left.getAttribute("data-pair")] = true; save();
        lock(left.getAttribute("data-pair"));
        fill(status, "matching.correct", { term: left.textContent, meaning: right.textContent },
          { term: langOf(left), meaning: langOf(right) });
        var next = box.querySelector(".match-left:not([disabled])");
        if (next) { next.focus(); } else { status.appendChild(document.createTextNode(" " + t("matching.done"))); }
      } else {
        fill(status, "matching.wrong", { term: left.textContent, meaning: right.textContent },
          { term: langOf(left), meaning: langOf(right) });
        left.focus();
      }
    }
    all(box, ".match-left").forEach(function (b) { b.addEventListener("click", function () { pick(b, "left"); }); });
    all(box, ".match-right").forEach(function (b) { b.addEventListener("click", function () { pick(b, "right"); }); });
    all(box, ".match-left").forEach(function (b) {
      if (own(state.matched, b.getAttribute("data-pair"))) { lock(b.getAttribute("data-pair")); }
    });
  });

  /* Reveal cards: a disclosure button per card. */
  all(document, "[data-reveal]").forEach(function (button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = t(open ? "reveal.hide" : "reveal.show");
      panel.classList.toggle("open", open);
    });
  });

  /* Dialogue player: step through the turns. */
  all(document, "[data-dialogue]").forEach(function (box) {
    var turns = all(box, ".turn");
    var shown = Math.min(1, turns.length);
    var label = box.querySelector("[data-dialogue-pos]");
    function render() {
      turns.forEach(function (turn, i) { turn.hidden = i >= shown; });
      label.textContent = t(shown >= turns.length ? "dialogue.end" : "dialogue.position", { line: shown, total: turns.length });
      box.querySelector("[data-step=next]").disabled = shown >= turns.length;
    }
    all(box, "[data-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = button.getAttribute("data-step");
        shown = step === "next" ? Math.min(turns.length, shown + 1) : step === "all" ? turns.length : Math.min(1, turns.length);
        render();
        if (step === "restart") { box.querySelector("[data-step=next]").focus(); }
      });
    });
    render();
  });

  /* Graded quiz: the first answer counts; the explanation and the score appear at once. */
  function answerOf(id) { return own(answers, id) ? answers[id] : null; }
  function paint(question) {
    var id = question.getAttribute("data-question");
    var chosen = own(state.quiz, id) ? state.quiz[id] : null;
    var correct = answerOf(id);
    var verdict = question.querySelector(".verdict");
    question.classList.toggle("answered", chosen !== null);
    all(question, ".choice").forEach(function (b) {
      var i = Number(b.getAttribute("data-choice"));
      b.classList.toggle("correct", chosen !== null && i === correct);
      b.classList.toggle("wrong", chosen !== null && i === chosen && i !== correct);
      if (chosen === null) { b.removeAttribute("aria-disabled"); } else { b.setAttribute("aria-disabled", "true"); }
    });
    verdict.classList.toggle("ok", chosen !== null && chosen === correct);
    verdict.classList.toggle("bad", chosen !== null && correct !== null && chosen !== correct);
    if (chosen === null) { verdict.textContent = ""; }
    else if (correct === null) { verdict.textContent = t("quiz.answered"); }
    else if (chosen === correct) { verdict.textContent = t("quiz.correct"); }
    else {
      var right = question.querySelector('.choice[data-choice="' + correct + '"]');
      fill(verdict, "quiz.wrong", { answer: right ? right.textContent : "" }, { answer: langOf(right) });
    }
  }
  function score(quiz) {
    var got = all(quiz, ".question").filter(function (q) {
      var id = q.getAttribute("data-question");
      return own(state.quiz, id) && answerOf(id) !== null && state.quiz[id] === answerOf(id);
    }).length;
    quiz.querySelector("[data-score]").textContent = String(got);
    return got;
  }
  all(document, "[data-quiz]").forEach(function (quiz) {
    all(quiz, ".question").forEach(function (question) {
      var id = question.getAttribute("data-question");
      all(question, ".choice").forEach(function (b) {
        b.addEventListener("click", function () {
          if (own(state.quiz, id)) { return; }
          state.quiz[id] = Number(b.getAttribute("data-choice"));
          paint(question); score(quiz); save();
        });
      });
      paint(question);
    });
    quiz.querySelector("[data-quiz-reset]").addEventListener("click", function () {
      all(quiz, ".question").forEach(function (q) { delete state.quiz[q.getAttribute("data-question")]; paint(q); });
      score(quiz); save();
      var first = quiz.querySelector(".choice");
      if (first) { first.focus(); }
    });
    score(quiz);
  });

  /* Review self-check boxes. */
  all(document, "[data-check]").forEach(function (box) {
    var id = box.getAttribute("data-check");
    box.checked = own(state.checks, id) && state.checks[id] === true;
    box.addEventListener("change", function () {
      if (box.checked) { state.checks[id] = true; } else { delete state.checks[id]; }
      save();
    });
  });

  /* The header line: progress over the whole module. */
  function summary() {
    var cards = all(document, ".flashcard");
    var seen = cards.filter(function (c) { return own(state.seen, c.getAttribute("data-card")); }).length;
    var graded = Object.keys(answers).filter(function (k) { return answers[k] !== null; });
    var right = graded.filter(function (k) { return own(state.quiz, k) && state.quiz[k] === answers[k]; }).length;
    var answered = Object.keys(answers).filter(function (k) { return own(state.quiz, k); }).length;
    var checks = all(document, "[data-check]");
    var ticked = checks.filter(function (c) { return c.checked; }).length;
    var parts = [];
    if (cards.length) { parts.push(t("progress.flashcards", { seen: seen, total: cards.length })); }
    if (graded.length) { parts.push(t("progress.quiz", { score: right, total: graded.length, count: answered })); }
    if (checks.length) { parts.push(t("progress.self_check", { ticked: ticked, total: checks.length })); }
    document.getElementById("lf-progress").textContent =
      parts.length ? t("progress.line", { parts: parts.join(t("progress.separator")) }) : "";
  }
  document.getElementById("lf-reset").addEventListener("click", function () {
    try { window.localStorage.removeItem(data.storageKey); } catch (e) { /* nothing stored */ }
    window.location.reload();
  });
  summary();
})();
