// Search as you type: turns every form.search into an ARIA 1.2 combobox fed by the JSON API.
// Without JavaScript the form still works: it submits to the code list, which searches.
(function () {
  "use strict";

  // Mirrors the page URLs of the web app: vendor entries live under /vendors/<id>/<code>.
  function entryPath(id) {
    var slash = id.indexOf("/");
    return slash > 0
      ? "/vendors/" + id.slice(0, slash) + "/" + id.slice(slash + 1)
      : "/codes/" + id;
  }

  // Lower case, Thai digits as ASCII digits, no accents: how the index folded its terms.
  function fold(text) {
    return text
      .toLowerCase()
      .replace(/[\u0e50-\u0e59]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); })
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  var indexes = {};
  function loadIndex(url) {
    if (!indexes[url]) {
      indexes[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("no index");
        return r.json();
      });
    }
    return indexes[url];
  }

  // Every word typed must match; a code that starts with the query ranks first, then words
  // found in the name, then anywhere in the entry's terms.
  function localSearch(rows, q, limit) {
    var words = fold(q).split(/\s+/).filter(Boolean);
    var scored = [];
    rows.forEach(function (row, order) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (row.display.indexOf(w) === 0 || row.id === w) score += 20;
        else if (row.fold_name.indexOf(w) >= 0) score += 10;
        else if (row.terms.indexOf(w) >= 0) score += 3;
        else return;
      }
      scored.push({ row: row, score: score, order: order });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return scored.slice(0, limit).map(function (s) { return s.row; });
  }

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".suggestions");
    var live = form.querySelector("[role=status]");
    var hint = form.querySelector(".hint");
    if (!input || !list) return;
    var api = form.getAttribute("data-api");
    // A static build (statusdex build-site) has no API: it ships the entries as a JSON index
    // and the matching happens here.
    var indexUrl = form.getAttribute("data-index");
    var base = (form.getAttribute("data-base") || "").replace(/\/$/, "");
    var lang = form.getAttribute("data-lang") || "en";
    var countLabel = form.getAttribute("data-count-label") || "{n}";
    var items = [];
    var active = -1;
    var timer = 0;
    var seq = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    if (hint) hint.hidden = false;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(index) {
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      items[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }

    function go(li) {
      var href = li.getAttribute("data-href");
      if (href) window.location.href = href;
    }

    function show(data) {
      var hits = data.hits || [];
      list.textContent = "";
      var rows = [];
      // The family a query names (4, 5xx) comes first; a note says why 6xx or 0 is no code.
      if (data.family) {
        rows.push({ display: data.family, name: "", summary: "", href: base + "/families/" + data.family });
      }
      if (data.note && !hits.length) {
        rows.push({ display: "", name: data.note, summary: "", href: "" });
      }
      hits.forEach(function (hit) {
        if (hit.members && hit.members.length > 1) {
          // IIS sub-statuses of one parent: one row, which opens them all
          var parent = hit.display.split(".")[0];
          rows.push({
            display: parent + ".x",
            name: hit.group,
            summary: hit.why,
            href: base + "/codes?q=" + encodeURIComponent("iis " + parent),
          });
        } else {
          rows.push({
            display: hit.display,
            name: hit.name + (hit.vendor ? " (" + hit.vendor_name + ")" : ""),
            summary: hit.summary,
            href: base + entryPath(hit.id),
          });
        }
      });
      items = rows.map(function (row, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        if (row.href) li.setAttribute("data-href", row.href);
        else li.setAttribute("aria-disabled", "true");
        var code = document.createElement("span");
        code.className = "code";
        code.textContent = row.display;
        var name = document.createElement("span");
        name.textContent = row.name;
        var summary = document.createElement("span");
        summary.className = "summary";
        summary.textContent = row.summary;
        li.appendChild(code);
        li.appendChild(name);
        li.appendChild(summary);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(li);
        });
        list.appendChild(li);
        return li;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (live) live.textContent = countLabel.replace("{n}", String(items.length));
    }

    function query() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) {
        close();
        return;
      }
      if (indexUrl) {
        loadIndex(indexUrl).then(function (index) {
          if (mine === seq) show({ hits: localSearch(index[lang] || index.en || [], q, 8) });
        }).catch(function () { /* index missing: the form still submits */ });
        return;
      }
      var url = api + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang) + "&limit=8";
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
        .then(function (data) { if (mine === seq) show(data); })
        .catch(function () { /* offline or server gone: the form still submits */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(query, 120);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        select(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        select(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        go(items[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.search"), setup);
})();
