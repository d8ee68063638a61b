// Keys of the learning pages (the forms work without this script):
//   flip cards: Space or Enter shows the answer, then 1-4 rate it (Space/Enter again = Good);
//   multiple choice: 1-4 pick an option; after an answer: Space or Enter for the next card;
//   u undoes the last answer. Keys typed into a text box are left alone.
(function () {
  "use strict";
  var shownAt = Date.now();

  // The learner's study day starts at 04:00 in their own time zone: tell the server which.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "statusdex_tz=" + encodeURIComponent(zone) +
        "; path=/; max-age=34560000; SameSite=Lax";
    }
  } catch (e) { /* no Intl: the server keeps UTC until the learner picks a zone */ }

  function isField(el) {
    return el && el.closest && el.closest("input, textarea, select, [contenteditable]");
  }

  function press(root, key) {
    var button = root && root.querySelector('button[data-key="' + key + '"]');
    if (button) button.click();
    return Boolean(button);
  }

  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector("input.duration");
    if (field) field.value = String(Math.min(Date.now() - shownAt, 86399999));
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (isField(event.target)) return;
    var key = event.key;
    var space = key === " " || key === "Spacebar";
    var activator = event.target.closest && event.target.closest("button, summary, a");
    // Space and Enter on a focused button, summary or link keep their usual meaning,
    // except Space on the "next card" link (browsers would scroll).
    var native = (space || key === "Enter") && activator && !(space && activator.id === "next-card");

    if (key === "u" || key === "U") {
      var undo = document.getElementById("undo-form");
      if (undo) {
        event.preventDefault();
        undo.requestSubmit();
      }
      return;
    }
    var next = document.getElementById("next-card");
    if (next && (space || key === "Enter") && !native) {
      event.preventDefault();
      next.click();
      return;
    }
    var card = document.querySelector(".flashcard[data-mode]");
    if (!card) return;
    var mode = card.getAttribute("data-mode");
    if (mode === "flip") {
      var back = document.getElementById("back");
      if ((space || key === "Enter") && !native) {
        event.preventDefault();
        if (!back.open) {
          back.open = true;
          var good = back.querySelector('button[data-key="3"]');
          if (good) good.focus();
        } else {
          press(back, "3");
        }
        return;
      }
      if (/^[1-4]$/.test(key) && back.open && press(back, key)) event.preventDefault();
    } else if (mode === "choice" && /^[1-4]$/.test(key)) {
      if (press(card, key)) event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var next = document.getElementById("next-card");
    if (next) next.focus();
    var printNow = document.getElementById("print-now");
    if (printNow) printNow.addEventListener("click", function () { window.print(); });
  });
})();
