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
    return { v: 1, seen: dict(saved.seen), quiz: dict(saved.quiz), checks: dict(saved.checks), matched: dict(saved.matched),
      practice: dict(saved.practice), drill: dict(saved.drill), recall: dict(saved.recall) };
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

  /* Typed answers (course language): case, outer spaces and punctuation never count; a missing accent is accepted
     and pointed out; a near miss says how many letters off (edit distance). */
  var courseLang = data.courseLanguage || undefined;
  function normal(text) {
    var s = String(text).normalize("NFC").replace(/\s+/g, " ");
    s = s.replace(/^[\s.,;:!?¡¿"'«»“”„]+|[\s.,;:!?¡¿"'«»“”„]+$/g, "");
    try { return s.toLocaleLowerCase(courseLang); } catch (e) { return s.toLowerCase(); }
  }
  function bare(text) { return normal(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC"); }
  function distance(a, b) {
    var row = [], i, j, prev, next;
    for (j = 0; j <= b.length; j += 1) { row.push(j); }
    for (i = 1; i <= a.length; i += 1) {
      prev = row[0]; row[0] = i;
      for (j = 1; j <= b.length; j += 1) {
        next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
        prev = row[j]; row[j] = next;
      }
    }
    return row[b.length];
  }
  /* {ok, accents, off, answer}: off is the edit distance of a near miss (0 when right, -1 when far). */
  function judge(typed, accepted) {
    var best = { ok: false, accents: false, off: -1, answer: accepted[0] || "" };
    if (!normal(typed)) { return best; }
    for (var i = 0; i < accepted.length; i += 1) {
      if (normal(typed) === normal(accepted[i])) { return { ok: true, accents: false, off: 0, answer: accepted[i] }; }
    }
    for (i = 0; i < accepted.length; i += 1) {
      if (bare(typed) === bare(accepted[i])) { return { ok: true, accents: true, off: 0, answer: accepted[i] }; }
    }
    accepted.forEach(function (answer) {
      var off = distance(bare(typed), bare(answer));
      if (off <= Math.max(1, Math.floor(bare(answer).length / 3)) && (best.off < 0 || off < best.off)) {
        best = { ok: false, accents: false, off: off, answer: answer };
      }
    });
    return best;
  }
  function sayTyped(element, result) {
    var hook = courseLang ? { answer: { lang: courseLang } } : null;
    element.classList.toggle("ok", result.ok);
    element.classList.toggle("bad", !result.ok);
    if (result.ok && !result.accents) { element.textContent = t("quiz.correct"); }
    else if (result.ok) { fill(element, "typed.accents", { answer: result.answer }, hook); }
    else if (result.off > 0) { fill(element, "typed.near", { count: result.off, answer: result.answer }, hook); }
    else { fill(element, "quiz.wrong", { answer: result.answer }, hook); }
  }

  /* Practice: the level's quiz by form; check → results (score, what was missed) → retry the missed ones. */
  var practice = data.practice || {};
  all(document, "[data-practice]").forEach(function (box) {
    var forms = all(box, "[data-form]");
    var picker = box.querySelector("[data-form-picker]");
    var results = box.querySelector("[data-results]");
    var current = forms[0];
    function itemsOf(form) { return all(form, "[data-item]"); }
    function clear(item) {
      item.hidden = false;
      item.classList.remove("answered");
      all(item, ".choice").forEach(function (b) {
        b.setAttribute("aria-pressed", "false"); b.classList.remove("correct", "wrong"); b.removeAttribute("aria-disabled");
      });
      all(item, "input, select").forEach(function (field) { field.value = ""; field.disabled = false; });
      var verdict = item.querySelector("[data-verdict]");
      verdict.textContent = ""; verdict.classList.remove("ok", "bad");
    }
    function mark(item) {
      var key = practice[item.getAttribute("data-item")] || { type: "choice", keys: [] };
      var verdict = item.querySelector("[data-verdict]");
      var right;
      if (key.type === "blank") {
        var result = judge(item.querySelector("[data-typed]").value, key.accepted || []);
        sayTyped(verdict, result);
        right = result.ok;
      } else if (key.type === "matching") {
        right = all(item, "select").every(function (s) {
          return s.value !== "" && Number(s.value) === key.keys[Number(s.getAttribute("data-left"))];
        });
      } else {
        var chosen = item.querySelector('.choice[aria-pressed="true"]');
        right = !!chosen && key.keys.indexOf(Number(chosen.getAttribute("data-option"))) >= 0;
        all(item, ".choice").forEach(function (b) {
          var i = Number(b.getAttribute("data-option"));
          b.classList.toggle("correct", key.keys.indexOf(i) >= 0);
          b.classList.toggle("wrong", b === chosen && !right);
          b.setAttribute("aria-disabled", "true");
        });
      }
      if (key.type !== "blank") {
        verdict.classList.toggle("ok", right); verdict.classList.toggle("bad", !right);
        verdict.textContent = t(right ? "quiz.correct" : "practice.wrong");
      }
      all(item, "input, select").forEach(function (field) { field.disabled = true; });
      item.classList.add("answered");
      return right;
    }
    function missedEntry(item) {
      var li = document.createElement("li");
      var prompt = li.appendChild(item.querySelector(".prompt").cloneNode(true));
      prompt.removeAttribute("id");
      var number = prompt.querySelector(".pnum");
      if (number) { prompt.removeChild(number); }
      [".panswer", ".pexplain"].forEach(function (selector) {
        var part = item.querySelector(selector);
        if (part) { var copy = part.cloneNode(true); copy.hidden = false; li.appendChild(copy); }
      });
      return li;
    }
    function check() {
      var round = itemsOf(current).filter(function (item) { return !item.hidden; });
      var missed = round.filter(function (item) { return !mark(item); });
      var score = round.length - missed.length;
      fill(results.querySelector("[data-result-score]"), "practice.score", { score: score, total: round.length });
      var list = results.querySelector("[data-missed]");
      list.textContent = "";
      missed.forEach(function (item) { list.appendChild(missedEntry(item)); });
      results.querySelector("[data-missed-box]").hidden = !missed.length;
      results.querySelector("[data-retry]").hidden = !missed.length;
      if (!missed.length) { list.textContent = ""; }
      results.setAttribute("data-missed-ids", missed.map(function (i) { return i.getAttribute("data-item"); }).join(" "));
      current.querySelector("[data-check-answers]").disabled = true;
      results.hidden = false;
      if (round.length === itemsOf(current).length) {
        var id = current.getAttribute("data-form");
        var before = state.practice[id];
        if (!before || score > before.best) { state.practice[id] = { best: score, total: round.length }; }
        save();
      }
      best();
      results.focus();
    }
    function start(items) {
      itemsOf(current).forEach(function (item) { item.hidden = true; });
      items.forEach(clear);
      results.hidden = true;
      current.querySelector("[data-check-answers]").disabled = false;
      var first = items.length ? items[0].querySelector("button, input, select") : null;
      if (first) { first.focus(); }
    }
    function best() {
      var saved = state.practice[current.getAttribute("data-form")];
      var line = box.querySelector("[data-best]");
      line.textContent = saved ? t("practice.best", { score: saved.best, total: saved.total }) : "";
    }
    forms.forEach(function (form) {
      itemsOf(form).forEach(function (item) {
        all(item, ".choice").forEach(function (b) {
          b.addEventListener("click", function () {
            if (item.classList.contains("answered")) { return; }
            all(item, ".choice").forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
          });
        });
        all(item, "[data-typed]").forEach(function (field) {
          field.addEventListener("keydown", function (event) {
            if (event.key === "Enter") { event.preventDefault(); form.querySelector("[data-check-answers]").click(); }
          });
        });
      });
      form.querySelector("[data-check-answers]").addEventListener("click", check);
    });
    results.querySelector("[data-retry]").addEventListener("click", function () {
      var ids = (results.getAttribute("data-missed-ids") || "").split(" ");
      start(itemsOf(current).filter(function (item) { return ids.indexOf(item.getAttribute("data-item")) >= 0; }));
    });
    results.querySelector("[data-restart]").addEventListener("click", function () { start(itemsOf(current)); });
    if (picker) {
      picker.addEventListener("change", function () {
        forms.forEach(function (form) { form.hidden = form.getAttribute("data-form") !== picker.value; });
        current = forms.filter(function (form) { return !form.hidden; })[0] || forms[0];
        start(itemsOf(current));
        picker.focus();
        best();
      });
    }
    best();
  });

  /* Flashcards both ways: one card at a time; "not yet" puts it back a few cards later, "knew it" retires it. */
  var AGAIN_AFTER = 3;
  all(document, "[data-drill]").forEach(function (box) {
    var cards = all(box, "[data-drill-card]");
    var byId = {};
    cards.forEach(function (card) { byId[card.getAttribute("data-drill-card")] = card; });
    var show = box.querySelector("[data-drill-show]");
    var grades = all(box, "[data-drill-grade]");
    var restart = box.querySelector("[data-drill-restart]");
    var status = box.querySelector("[data-drill-status]");
    var queue = [];
    function known() { return Object.keys(state.drill).filter(function (id) { return own(byId, id); }).length; }
    function render(focus) {
      cards.forEach(function (card) { card.hidden = true; card.querySelector(".drill-answer").hidden = true; });
      var current = queue.length ? byId[queue[0]] : null;
      if (current) { current.hidden = false; }
      show.hidden = !current;
      grades.forEach(function (b) { b.hidden = true; });
      restart.hidden = !!current;
      fill(box.querySelector("[data-drill-count]"), "drill.count", { count: queue.length, known: known() });
      if (!current) { status.textContent = t("drill.done"); }
      if (focus) { (current ? show : restart).focus(); }
    }
    show.addEventListener("click", function () {
      byId[queue[0]].querySelector(".drill-answer").hidden = false;
      show.hidden = true;
      grades.forEach(function (b) { b.hidden = false; });
      grades[0].focus();
    });
    grades.forEach(function (button) {
      button.addEventListener("click", function () {
        var id = queue.shift();
        if (button.getAttribute("data-drill-grade") === "known") {
          state.drill[id] = true;
          status.textContent = t("drill.known");
        } else {
          queue.splice(Math.min(AGAIN_AFTER, queue.length), 0, id);
          status.textContent = t("drill.again");
        }
        save();
        render(true);
      });
    });
    restart.addEventListener("click", function () {
      cards.forEach(function (card) { delete state.drill[card.getAttribute("data-drill-card")]; });
      save();
      start();
      status.textContent = "";
      render(true);
    });
    function start() {
      var ids = cards.map(function (card) { return card.getAttribute("data-drill-card"); });
      var ways = ids.filter(function (id) { return /-tm$/.test(id); }).concat(ids.filter(function (id) { return /-mt$/.test(id); }));
      queue = ways.filter(function (id) { return !own(state.drill, id); });
    }
    start();
    render(false);
  });

  /* Typed recall: the meaning is shown, the learner types the course-language term. */
  var recallTerms = data.recall || {};
  all(document, "[data-recall]").forEach(function (box) {
    var cards = all(box, "[data-recall-card]");
    var input = box.querySelector("[data-recall-input]");
    var verdict = box.querySelector("[data-recall-verdict]");
    var pos = 0;
    function render() {
      cards.forEach(function (card, i) { card.hidden = i !== pos; });
      input.value = "";
      verdict.textContent = "";
      verdict.classList.remove("ok", "bad");
      if (cards.length) { input.setAttribute("aria-describedby", cards[pos].querySelector(".prompt").id + " pr-hint"); }
      var right = cards.filter(function (card) { return own(state.recall, card.getAttribute("data-recall-card")); }).length;
      fill(box.querySelector("[data-recall-count]"), "recall.count", { position: pos + 1, total: cards.length, count: right });
    }
    function check() {
      if (!cards.length) { return; }
      var n = cards[pos].getAttribute("data-recall-card");
      var result = judge(input.value, [String(recallTerms[n] || "")]);
      if (result.ok) { state.recall[n] = true; save(); }
      var right = cards.filter(function (card) { return own(state.recall, card.getAttribute("data-recall-card")); }).length;
      fill(box.querySelector("[data-recall-count]"), "recall.count", { position: pos + 1, total: cards.length, count: right });
      sayTyped(verdict, result);
    }
    box.querySelector("[data-recall-check]").addEventListener("click", check);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); check(); }
    });
    box.querySelector("[data-recall-next]").addEventListener("click", function () {
      pos = (pos + 1) % Math.max(1, cards.length);
      render();
      input.focus();
    });
    render();
  });

  /* Play buttons: the clip is fetched on first press; a clip that cannot play disables its button. */
  var playing = null;
  all(document, "[data-say]").forEach(function (button) {
    var clip = null;
    function unavailable() {
      button.disabled = true;
      button.querySelector(".say-label").textContent = t("audio.unavailable");
    }
    button.addEventListener("click", function () {
      if (!clip) {
        clip = new Audio(button.getAttribute("data-say"));
        clip.addEventListener("error", unavailable);
      }
      if (playing && playing !== clip) { playing.pause(); }
      playing = clip;
      clip.currentTime = 0;
      var started = clip.play();
      if (started && started.catch) { started.catch(function () { if (clip.error) { unavailable(); } }); }
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
    if (!window.confirm(t("reset.confirm"))) { return; }
    try { window.localStorage.removeItem(data.storageKey); } catch (e) { /* nothing stored */ }
    window.location.reload();
  });
  summary();
})();
