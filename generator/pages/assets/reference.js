/*
 * Reader tools for the generated reference pages, with no dependency and nothing
 * fetched from elsewhere:
 *  - tables opted in by a `<div class="rt-table">` marker just before them get a
 *    filter box and sort buttons in their column heads; the box they are shown in
 *    scrolls both ways with the head row and the first column kept in view
 *    (reference.css), that column wide enough for its labels to need two lines at most;
 *  - support statuses are computed for the reader's day from the dates the pages carry;
 *  - the compare page fills its two drop-downs (one group per line) from compare.json,
 *    published with the site, shows the package changes between the two chosen
 *    releases and says in its status line what it shows, or why it cannot.
 * Material's instant navigation swaps pages without reloading, so setup runs on
 * load and on each page Material's `document$` announces.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var EMPTY = "–";
  var KINDS = ["added", "upgraded", "downgraded", "removed"];
  var UNSORTED = "⇅";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  /* The first table after the marker: the next sibling, or inside the wrapper Material puts around it. */
  function tableAfter(marker) {
    for (var node = marker.nextElementSibling; node; node = node.nextElementSibling) {
      if (node.tagName === "TABLE") return node;
      if (node.classList.contains("rt-table")) return null;
      var inner = node.querySelector("table");
      if (inner) return inner;
    }
    return null;
  }

  function cellKey(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  /* Versions and dates sort numerically (3.10 after 3.9); empty cells last whatever the direction. */
  function compareCells(a, b, descending) {
    var aEmpty = a === "" || a === EMPTY, bEmpty = b === "" || b === EMPTY;
    if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : (aEmpty ? 1 : -1);
    var order = collator.compare(a, b);
    return descending ? -order : order;
  }

  function sortBy(table, index, th) {
    var descending = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
      var b = h.querySelector(".rt-sort");
      if (b) b.textContent = UNSORTED;
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    th.querySelector(".rt-sort").textContent = descending ? "↓" : "↑";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.dataset.rtOrder = r.dataset.rtOrder || String(i); });
    rows.sort(function (a, b) {
      return compareCells(cellKey(a, index), cellKey(b, index), descending) ||
        Number(a.dataset.rtOrder) - Number(b.dataset.rtOrder);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  /* A line label (`11.8.x`, `3.1-x`) read as what it covers: `11.8.` and `11.8.3` are in `11.8.x`. */
  function inLine(label, query) {
    var stem = label.replace(/x$/, "");
    return label.indexOf(query) === 0 || (stem !== label && query.indexOf(stem) === 0);
  }

  /* A query that starts as a PEP 440 specifier does (`>=5`, `~=6.1`, `<4, !=3.0`): the specifier,
     or "" where it is not a valid one; null for any other query. */
  function specifierOf(query) {
    var q = query.trim();
    if (!/^(~=|===?|!=|<=|>=|<|>)/.test(q) || !window.runtimePep440) return null;
    return window.runtimePep440.validRange(q) ? q : "";
  }

  /* The releases a cell of a package page's Releases column names: its links, or every member
     of a long run (`cells.more`). */
  function releaseNames(cell) {
    var members = cell.querySelector("details");
    if (members) return members.lastChild.textContent.split(", ");
    return Array.prototype.map.call(cell.querySelectorAll("a"), function (a) { return a.textContent; });
  }

  /* The rows with a version in `versions` columns (`first`, or `rest`) that `spec` admits, PEP 440's
     meaning (`window.runtimePep440`, Renovate's implementation); the matching cells marked. Under a
     Releases table, every release and image that ships a matching version, grouped by line. */
  function filterBySpecifier(table, spec, count, versions, result) {
    var pep = window.runtimePep440, rows = table.tBodies[0].rows, shown = 0, lines = [], byLine = {};
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.firstChild.textContent.trim(); });
    Array.prototype.forEach.call(rows, function (r) {
      var hits = [];
      Array.prototype.forEach.call(r.cells, function (c, i) {
        if ((versions === "first") !== (i === 0)) return;
        var v = c.textContent.trim(), ok = spec !== "" && pep.valid(v) !== null && pep.satisfies(v, spec);
        c.classList.toggle("rt-match", ok);
        if (ok) hits.push(heads[i] + " " + v);
      });
      r.hidden = !hits.length;
      if (!hits.length) return;
      shown += 1;
      if (versions !== "rest") return;
      releaseNames(r.cells[0]).forEach(function (name) {
        var line = lineOf(name);
        if (!byLine[line]) { byLine[line] = { releases: [], images: [] }; lines.push(line); }
        byLine[line].releases.push(name);
        hits.forEach(function (h) { if (byLine[line].images.indexOf(h) < 0) byLine[line].images.push(h); });
      });
    });
    count.textContent = spec === "" ? "not a version specifier" : shown + " of " + rows.length + " rows ship a version " + spec;
    if (!result) return;
    result.textContent = "";
    result.hidden = spec === "";
    if (spec === "") return;
    if (!lines.length) { result.appendChild(el("p", { text: "No release ships a version " + spec + "." })); return; }
    result.appendChild(el("p", { text: "Releases that ship a version " + spec + ", by line:" }));
    result.appendChild(el("ul", {}, lines.map(function (line) {
      var g = byLine[line];
      return el("li", {}, [el("strong", { text: line }), document.createTextNode(": " + g.releases.join(", ") +
        " (" + g.images.join("; ") + ")")]);
    })));
  }

  /* Every word in the row; or, in a table of runtime lines (`data-match="line"`), the query read
     as a version: the rows of the lines it names, so `10.` keeps 10.x and not 11.x rows that ship 8.10.0;
     in a table of a package's versions (`data-versions`), a specifier keeps the rows it admits. */
  function filter(table, query, count, byLine, versions, result) {
    var spec = versions ? specifierOf(query) : null;
    Array.prototype.forEach.call(table.querySelectorAll(".rt-match"), function (c) { c.classList.remove("rt-match"); });
    if (result) result.hidden = true;
    if (spec !== null) { filterBySpecifier(table, spec, count, versions, result); return; }
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = table.tBodies[0].rows, shown = 0;
    Array.prototype.forEach.call(rows, function (r) {
      var keep;
      if (byLine) keep = !words.length || inLine(cellKey(r, 0).toLowerCase(), words.join(""));
      else {
        var text = r.textContent.toLowerCase();
        keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      }
      r.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = words.length ? shown + " of " + rows.length + " rows" : rows.length + " rows";
  }

  /* Dates, versions and names such as 2021-08-12, 3.1-2 or python-3.11 would break at their
     hyphens in a narrow column ("2021-" above "08-12"): outside the first column, whose labels
     may take two lines, each such word is kept on one line. Spaces still break. */
  function keepWordsWhole(cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), texts = [];
    while (walker.nextNode()) {
      if (walker.currentNode.nodeValue.indexOf("-") >= 0) texts.push(walker.currentNode);
    }
    texts.forEach(function (text) {
      var words = document.createDocumentFragment();
      text.nodeValue.split(/(\s+)/).forEach(function (part) {
        words.appendChild(part.indexOf("-") >= 0 ? el("span", { class: "rt-word", text: part }) : document.createTextNode(part));
      });
      text.parentNode.replaceChild(words, text);
    });
  }

  /* Canvas text metrics, for the width of the first column. */
  var ruler = document.createElement("canvas").getContext("2d");

  /* The narrowest a cell can be and still show `text` on at most two lines, breaking after a
     hyphen or at a space as the browser does, in pixels of the cell's font. */
  function twoLineWidth(text, font) {
    ruler.font = font;
    var best = ruler.measureText(text).width;
    for (var i = 0; i < text.length - 1; i += 1) {
      var c = text.charAt(i);
      if (c !== "-" && c !== " ") continue;
      var first = ruler.measureText(text.slice(0, c === "-" ? i + 1 : i)).width;
      best = Math.min(best, Math.max(first, ruler.measureText(text.slice(i + 1)).width));
    }
    return best;
  }

  /* A label as it stands on its line: a range's members one click away (`cells.more`) are not part of it. */
  function labelText(cell) {
    var details = cell.querySelector("details");
    var text = cell.textContent;
    return (details ? text.replace(details.textContent, "") : text).trim();
  }

  /* The first column holds the row labels (package names, releases, lines): at least as wide as
     its longest label needs to fit on two lines, so a narrow screen does not break it into four. */
  function fitLabels(table) {
    var cells = Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[0]; })
      .filter(Boolean);
    if (!cells.length) return;
    var style = getComputedStyle(cells[0]);
    var size = parseFloat(style.fontSize);
    var font = style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    var widest = cells.reduce(function (w, c) { return Math.max(w, twoLineWidth(labelText(c), font)); }, 0);
    var padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    table.style.setProperty("--rt-label-width", ((widest + padding) / size + 0.2).toFixed(2) + "em");
  }

  /* A table wider than its box even with its cells wrapped as far as they go is laid out at its
     natural width instead (`data-rt-wide`): it scrolls in its box anyway, and each row keeps to a line. */
  function fitWidth(table) {
    var box = table.closest(".rt-box");
    if (!box) return;
    delete table.dataset.rtWide;
    if (box.scrollWidth > box.clientWidth) table.dataset.rtWide = "1";
  }

  /* ---- what a table's box hides: said under it, and the key column kept in view ---- */

  /* The box a table scrolls in: Material's wrapper or the compare page's (`rt-box`); in Docusaurus
     an opted-in table is its own box. */
  function boxOf(table) { return table.closest(".rt-box, .md-typeset__scrollwrap") || table; }

  /* How many columns to the right and rows below a table's box hides: only read, never written,
     so that a page's tables are all measured before any cue is written (a write between two
     measures would lay out the whole page again: the provider reference has hundreds of tables).
     Most boxes hide nothing, and their cells are not measured; rows are counted from the last up. */
  function hiddenBy(table) {
    var box = boxOf(table), right = 0, below = 0;
    var wide = box.scrollWidth > box.clientWidth + 1, tall = box.scrollHeight > box.clientHeight + 1;
    var edge = (wide || tall) && box.getBoundingClientRect();
    if (wide) {
      right = Array.prototype.filter.call(table.tHead.rows[0].cells, function (th) {
        var stuck = th.classList.contains("rt-key") && getComputedStyle(th).position === "sticky";
        return th.getBoundingClientRect().right > edge.right + 1 && !stuck;
      }).length;
    }
    for (var rows = table.tBodies[0].rows, i = tall ? rows.length - 1 : -1; i >= 0; i -= 1) {
      if (rows[i].hidden) continue;
      if (rows[i].getBoundingClientRect().bottom <= edge.bottom + 1) break;
      below += 1;
    }
    return { right: right, below: below };
  }

  /* Under a box that hides rows or columns, how many, updated as it scrolls: a box cut off at
     the window's width or its own height otherwise looks like the whole table. */
  function sayHidden(table, hidden) {
    var cue = table.rtCue, parts = [];
    if (hidden.right) parts.push(hidden.right + (hidden.right === 1 ? " more column" : " more columns") + " to the right \u2192");
    if (hidden.below) parts.push(hidden.below + (hidden.below === 1 ? " more row" : " more rows") + " below \u2193");
    if (!cue && !parts.length) return;
    if (!cue) {
      var box = boxOf(table);
      cue = table.rtCue = el("p", { class: "rt-cue" });
      box.parentNode.insertBefore(cue, box.nextSibling);
      box.addEventListener("scroll", function () { showCue(table); }, { passive: true });
    }
    say(cue, parts.length ? parts.join(" \u00b7 ") + " (scroll the table)" : "");
    cue.hidden = !parts.length;
  }

  function showCue(table) { sayHidden(table, hiddenBy(table)); }

  /* The tables of the page's content (MkDocs' `.md-content`, Docusaurus' `article`). */
  function contentTables() {
    return Array.prototype.filter.call(document.querySelectorAll(".md-content table, article table"),
                                       function (t) { return t.tHead && t.tBodies.length; });
  }

  function showCues(tables) {
    var found = tables.map(hiddenBy);
    tables.forEach(function (t, i) { sayHidden(t, found[i]); });
  }

  /* The column a reader reads a row for (`data-key`: the version a change goes to, why a release
     was yanked) stays at the box's right edge while the others scroll under it (styles: narrow screens). */
  function markKey(table, index) {
    Array.prototype.forEach.call(table.rows, function (row) {
      if (row.cells[index]) row.cells[index].classList.add("rt-key");
    });
    table.dataset.rtKey = String(index);
  }

  function enhance(marker) {
    if (marker.dataset.rtReady) return false;
    var table = tableAfter(marker);
    if (!table || !table.tHead || !table.tBodies.length) return false;
    marker.dataset.rtReady = "1";
    table.dataset.rtEnhanced = "1";  // not a class: Material styles only `table:not([class])`
    var label = marker.getAttribute("data-label") || "Filter rows";
    var versions = marker.getAttribute("data-versions") || "";
    var hint = versions ? label + ", or a specifier: >=5, ~=6.1, <4" : label;
    var input = el("input", { type: "search", placeholder: hint, "aria-label": hint, class: "rt-filter" });
    var count = el("span", { class: "rt-count", "aria-live": "polite" });
    marker.appendChild(el("div", { class: "rt-tools" }, [input, count]));
    var result = versions === "rest" ? el("div", { class: "rt-spec-result", role: "status" }) : null;
    if (result) { result.hidden = true; marker.appendChild(result); }
    var byLine = marker.getAttribute("data-match") === "line";
    input.addEventListener("input", function () { filter(table, input.value, count, byLine, versions, result); });
    filter(table, "", count, byLine, versions, result);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var name = th.textContent.trim();
      var button = el("button", { type: "button", class: "rt-sort", title: "Sort by " + name,
        "aria-label": "Sort by " + name, text: UNSORTED });
      button.addEventListener("click", function () { sortBy(table, index, th); });
      th.appendChild(button);
    });
    // The box Material wraps the table in scrolls both ways, its head row and first column
    // sticky (reference.css); a region with a name, reachable with the keyboard to scroll it.
    var box = table.closest(".md-typeset__scrollwrap");
    if (box) {
      box.classList.add("rt-box");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label.replace(/^Filter /, "Table of "));
      box.tabIndex = 0;
    }
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.slice.call(row.cells, 1).forEach(keepWordsWhole);
    });
    fitLabels(table);
    fitWidth(table);
    var key = marker.getAttribute("data-key");
    if (key) markKey(table, Number(key));
    input.addEventListener("input", function () { showCue(table); });
    return true;
  }

  /* A page named by a link the generator wrote for scripts, from `base`: its URL (Docusaurus: its
     route) as it is; its file (MkDocs) as the site's URL style makes it: `releases/x/` with
     directory URLs, `releases/x.html` without. */
  function pageUrl(base, page) {
    if (!/\.md$/.test(page)) return new URL(page, base).href;
    var path = page.replace(/\.md$/, "");
    return new URL(location.pathname.slice(-1) === "/" ? path + "/" : path + ".html", base).href;
  }

  /* ---- pins made a table ---- */

  /* PEP 503: the key a package's page is named by. */
  function packageKey(name) { return name.toLowerCase().replace(/[-_.]+/g, "-"); }

  /* A release's packages come as pins (`name==version` lines, a code block a reader without the
     script reads as it is); made a table here, each name linked to its package's page (the
     marker's `data-package`: that page's link for the key PACKAGE_KEY), sortable and filterable
     like the tables written into the pages. The pins stay one click away. */
  function enhancePins(marker) {
    if (marker.dataset.rtReady) return false;
    // The code block right after it, with whatever the site wraps it in.
    var block = marker.nextElementSibling;
    if (!block || (block.tagName !== "PRE" && !block.querySelector("pre"))) return false;
    var code = block.querySelector("code") || block;
    marker.dataset.rtReady = "1";
    // A page's file is its folder's: with directory URLs, `releases/x/` stands for `releases/x.md`.
    var base = new URL(location.pathname.slice(-1) === "/" ? "../" : ".", location.href);
    var template = marker.getAttribute("data-package") || "";
    // innerText: Docusaurus writes each line of a block as an element ending in `<br>`.
    var rows = code.innerText.split("\n").filter(Boolean).map(function (line) {
      var at = line.indexOf("==");
      var name = line.slice(0, at), version = line.slice(at + 2).replace(/^=/, "");
      var href = pageUrl(base, template.replace("PACKAGE_KEY", packageKey(name)));
      return el("tr", {}, [el("td", {}, [link(name, href)]), el("td", { text: version })]);
    });
    var table = el("table", {}, [
      el("thead", {}, [el("tr", {}, [el("th", { text: "Package" }), el("th", { text: "Version" })])]),
      el("tbody", {}, rows)]);
    var tools = el("div", { class: "rt-table", "data-label": marker.getAttribute("data-label") || "Filter packages" });
    // The pins are hidden by the styles while the marker says the table is shown: React may render
    // the block again (Docusaurus does, once in the browser), which would drop an attribute set on it.
    var toggle = el("button", { type: "button", class: "rt-pins-toggle", text: "Show as pins" });
    marker.setAttribute("data-rt-shown", "table");
    toggle.addEventListener("click", function () {
      var table = marker.getAttribute("data-rt-shown") === "table";
      marker.setAttribute("data-rt-shown", table ? "pins" : "table");
      toggle.textContent = table ? "Hide the pins" : "Show as pins";
    });
    // The wrappers Material gives the tables it renders, for the same look and scrolling.
    var wrapped = el("div", { class: "md-typeset__scrollwrap rt-pins-table" },
      [el("div", { class: "md-typeset__table" }, [table])]);
    marker.appendChild(toggle);
    marker.parentNode.insertBefore(tools, marker);
    marker.parentNode.insertBefore(wrapped, marker);
    enhance(tools);
    return true;
  }

  /* ---- going to a release or a package by typing its name ---- */

  /* The marker stands on an index page (the home page, the releases index), whose URL is its
     folder: `/docs/astro/runtime-releases/releases` (Docusaurus, no trailing slash) stands for
     that folder, as `/reference/releases/` and `/` do with directory URLs. */
  function indexFolder() {
    var path = location.pathname;
    if (/\.html$/.test(path)) return new URL(".", location.href);
    return new URL(path.slice(-1) === "/" ? path : path + "/", location.href);
  }

  /* What a name typed leads to: a release by its version, a package by its name (PEP 503: any
     case, `_` or `.` for `-`), a provider by its short name (`snowflake`); else the names that
     contain it, for the reader to pick from. */
  function resolveName(typed, releases, packages) {
    var name = typed.trim();
    if (!name) return { found: [] };
    if (releases.indexOf(name) >= 0) return { release: name };
    var key = packageKey(name), provider = "apache-airflow-providers-" + key;
    if (packages.indexOf(key) >= 0) return { package: key };
    if (packages.indexOf(provider) >= 0) return { package: provider };
    var found = releases.filter(function (r) { return r.indexOf(name) === 0; }).map(function (r) { return { release: r }; })
      .concat(packages.filter(function (p) { return p.indexOf(key) >= 0; }).map(function (p) { return { package: p }; }));
    return found.length === 1 ? found[0] : { found: found };
  }

  function enhanceJump(marker) {
    if (marker.dataset.rtReady) return false;
    marker.dataset.rtReady = "1";
    var releases = (marker.getAttribute("data-releases") || "").split(" ").filter(Boolean);
    var packages = (marker.getAttribute("data-packages") || "").split(" ").filter(Boolean);
    // `site`: links from the site's root (a Docusaurus partial, which knows no page of its own).
    var base = marker.getAttribute("data-base") === "site" ? new URL(window.runtimeSiteBase || "/", location.href)
      : indexFolder();
    var href = function (item) {
      return item.release !== undefined
        ? pageUrl(base, marker.getAttribute("data-release").replace("RELEASE_VERSION", item.release))
        : pageUrl(base, marker.getAttribute("data-package").replace("PACKAGE_KEY", item.package));
    };
    var list = el("datalist", { id: "rt-jump-names" }, releases.concat(packages).map(function (n) {
      return el("option", { value: n });
    }));
    var input = el("input", { type: "search", list: "rt-jump-names", "aria-label": "Release or package",
                              placeholder: "a version or a package", autocomplete: "off" });
    var status = el("p", { class: "rt-jump-status", role: "status" });
    var form = el("form", { class: "rt-jump-form", role: "search" }, [
      el("label", {}, [document.createTextNode("Go to a release or a package: "), input]),
      el("button", { type: "submit", text: "Go" }), list]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var item = resolveName(input.value, releases, packages);
      if (!item.found) { location.href = href(item); return; }
      status.textContent = "";
      if (!item.found.length) { status.textContent = "No release or package is named \u201c" + input.value.trim() + "\u201d."; return; }
      status.appendChild(document.createTextNode(item.found.length + (item.found.length === 1 ? " match: " : " matches: ")));
      item.found.slice(0, 12).forEach(function (f, i) {
        if (i) status.appendChild(document.createTextNode(", "));
        status.appendChild(link(f.release !== undefined ? f.release : f.package, href(f)));
      });
      if (item.found.length > 12) status.appendChild(document.createTextNode(", \u2026"));
    });
    marker.appendChild(form);
    marker.appendChild(status);
    return true;
  }

  /* ---- compare page ---- */

  /* Whether `object` has `key` itself: an image named `constructor` or `toString` is not found
     on every object through its prototype. */
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function pins(data, release, variant) {
    var flat = release.images[variant], map = Object.create(null);
    for (var i = 0; i < flat.length; i += 2) map[flat[i]] = flat[i + 1];
    return map;
  }

  function changes(data, from, to, variant) {
    var a = pins(data, from, variant), b = pins(data, to, variant), found = [];
    Object.keys(b).forEach(function (k) {
      var pkg = data.packages[k], nv = b[k];
      if (!(k in a)) found.push({ pkg: pkg, kind: "added", old: null, new: pkg.versions[nv] });
      else if (pkg.ranks[a[k]] !== pkg.ranks[nv]) {
        found.push({ pkg: pkg, kind: pkg.ranks[nv] > pkg.ranks[a[k]] ? "upgraded" : "downgraded",
          old: pkg.versions[a[k]], new: pkg.versions[nv] });
      }
    });
    Object.keys(a).forEach(function (k) {
      if (!(k in b)) found.push({ pkg: data.packages[k], kind: "removed", old: data.packages[k].versions[a[k]], new: null });
    });
    found.sort(function (x, y) {
      return KINDS.indexOf(x.kind) - KINDS.indexOf(y.kind) || (x.pkg.key < y.pkg.key ? -1 : x.pkg.key > y.pkg.key ? 1 : 0);
    });
    return found;
  }

  function link(text, href) { return el("a", { href: href, text: text }); }

  var CHANGE_HEADS = ["Package", "Change", "From", "To", "Changelog"];

  function changeTable(found) {
    var head = el("tr", {}, CHANGE_HEADS.map(function (h) {
      return el("th", { text: h });
    }));
    var rows = found.map(function (c) {
      var kind = c.kind === "downgraded" ? el("strong", { text: c.kind }) : document.createTextNode(c.kind);
      return el("tr", { "data-kind": c.kind }, [
        el("td", {}, [link(c.pkg.name, c.pkg.pypi)]), el("td", {}, [kind]),
        el("td", { text: c.old || EMPTY }), el("td", { text: c.new || EMPTY }),
        el("td", {}, [link("changelog", c.pkg.changelog)]),
      ]);
    });
    return el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)]);
  }

  function summary(found) {
    return KINDS.map(function (k) {
      return found.filter(function (c) { return c.kind === k; }).length + " " + k;
    }).join(", ") + ".";
  }

  function variantsOf(from, to) {
    var seen = [];
    Object.keys(to.images).concat(Object.keys(from.images)).forEach(function (v) {
      if (seen.indexOf(v) < 0) seen.push(v);
    });
    return seen.sort(function (x, y) { return (x !== "standard") - (y !== "standard") || (x < y ? -1 : x > y ? 1 : 0); });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function capital(word) { return word.charAt(0).toUpperCase() + word.slice(1); }

  /* One line on what the page shows: how many images were compared and how many packages
     changed in at least one of them, and which image only one of the two releases has. */
  function describe(from, to, compared, changed, onlyIn) {
    return "Changes from " + from.version + " to " + to.version + ": " + plural(compared, "image", "images") + ", " +
      plural(changed, "package changed", "packages changed") + "." +
      onlyIn.map(function (o) { return " " + capital(o.variant) + " image only in " + o.release.version + "."; }).join("");
  }

  function showComparison(root, data, base, notice) {
    var byVersion = indexReleases(data);
    var from = byVersion[root.querySelector(".rt-compare-from").value];
    var to = byVersion[root.querySelector(".rt-compare-to").value];
    var out = root.querySelector(".rt-compare-result");
    var status = root.querySelector(".rt-compare-status");
    out.textContent = "";
    if (!from || !to) { status.textContent = notice + "Pick two releases to compare."; return; }
    history.replaceState(history.state, "",
      "#from=" + encodeURIComponent(from.version) + "&to=" + encodeURIComponent(to.version));
    var title = el("p", {}, [document.createTextNode("From "), link(from.version, pageUrl(base, from.page)),
      document.createTextNode(" (Airflow " + from.airflow + (from.yanked ? ", yanked" : "") + ") to "),
      link(to.version, pageUrl(base, to.page)),
      document.createTextNode(" (Airflow " + to.airflow + (to.yanked ? ", yanked" : "") + ").")]);
    out.appendChild(title);
    var compared = 0, changed = {}, onlyIn = [];
    variantsOf(from, to).forEach(function (v) {
      var section = el("section", { class: "rt-compare-image", "data-variant": v });
      section.appendChild(el("h3", { text: capital(v) + " image" }));
      if (!has(from.images, v) || !has(to.images, v)) {
        var missing = has(from.images, v) ? to : from;
        onlyIn.push({ variant: v, release: missing === from ? to : from });
        section.appendChild(el("p", { text: missing.version + " has no " + v + " image: there is nothing to compare with." }));
      } else {
        var found = changes(data, from, to, v);
        compared += 1;
        found.forEach(function (c) { changed[c.pkg.key] = true; });
        section.appendChild(el("p", { class: "rt-summary", text: found.length ? summary(found) : "No package changed." }));
        if (found.length) {
          var marker = el("div", { class: "rt-table", "data-label": "Filter changes", "data-key": String(CHANGE_HEADS.indexOf("To")) });
          section.appendChild(marker);
          // The wrappers Material gives the tables it renders, for the same look and scrolling.
          section.appendChild(el("div", { class: "md-typeset__scrollwrap" }, [
            el("div", { class: "md-typeset__table" }, [changeTable(found)])]));
        }
      }
      out.appendChild(section);
    });
    out.querySelectorAll(".rt-table").forEach(enhance);  // once in the page, where widths can be measured
    showCues(Array.prototype.slice.call(out.querySelectorAll("table[data-rt-enhanced]")));
    status.textContent = notice + describe(from, to, compared, Object.keys(changed).length, onlyIn);
  }

  function indexReleases(data) {
    var byVersion = Object.create(null);
    data.releases.forEach(function (r) { byVersion[r.version] = r; });
    return byVersion;
  }

  /* A release's line as the generator shows it (generator/versions.py, `line_label`):
     `11.8.x` for the semver 11.8.*, `3.1-x` for 3.1-N (pre-release tails included). */
  function lineOf(version) {
    var m = /^(\d+)\.(\d+)\.\d+(?:-.+)?$/.exec(version);
    if (m) return m[1] + "." + m[2] + ".x";
    m = /^(\d+)\.(\d+)-\d+(?:[-.].+)?$/.exec(version);
    return m ? m[1] + "." + m[2] + "-x" : version;
  }

  /* Newest first, one group per line. */
  function fillSelect(select, releases) {
    var group = null;
    releases.slice().reverse().forEach(function (r) {
      var line = lineOf(r.version);
      if (!group || group.label !== line) {
        group = el("optgroup", { label: line });
        select.appendChild(group);
      }
      group.appendChild(el("option", { value: r.version, text: r.version + " (Airflow " + r.airflow + ")" + (r.yanked ? " (yanked)" : "") }));
    });
  }

  /* The two releases to show: those the address names (`#from=A&to=B`), else the newest and the
     release before it; a release the catalog does not have is named in `unknown`. */
  function chosen(data) {
    var byVersion = indexReleases(data), versions = data.releases.map(function (r) { return r.version; });
    var wanted = new URLSearchParams(location.hash.slice(1)), unknown = [];
    var pick = function (key) {
      var v = wanted.get(key), known = v !== null && has(byVersion, v);
      if (v && !known) unknown.push(v);
      return known ? v : null;
    };
    var from = pick("from"), to = pick("to") || versions[versions.length - 1];
    var at = versions.indexOf(to);
    return { from: from || versions[at > 0 ? at - 1 : Math.min(1, versions.length - 1)], to: to, unknown: unknown };
  }

  var SERVE = "serve the site (python -m http.server -d site, or make serve) and open it from there.";

  function initCompare(root) {
    if (root.dataset.rtReady) return;
    root.dataset.rtReady = "1";
    root.hidden = false;  // hidden in the page so that readers without JavaScript see only the note for them
    var status = root.querySelector(".rt-compare-status");
    var fail = function (text) { root.querySelector(".rt-compare-pickers").hidden = true; status.textContent = text; };
    var source = document.querySelector('article a[href$="compare.json"], a[href$="compare.json"]');
    if (!source) { fail("The release data link is missing from this page."); return; }
    // Browsers do not let a page opened from a file read another file: say so rather than wait.
    if (location.protocol === "file:") { fail("Opened from a file, this page cannot read its release data: " + SERVE); return; }
    fetch(source.href).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      if (!data.releases || !data.releases.length) fail("The release data lists no release.");
      else startCompare(root, data, new URL(".", source.href));
    }, function (error) {
      fail("Could not load the release data (" + error.message + "). Reload the page to try again.");
    });
  }

  function startCompare(root, data, base) {
    var fromSelect = root.querySelector(".rt-compare-from"), toSelect = root.querySelector(".rt-compare-to");
    fillSelect(fromSelect, data.releases);
    fillSelect(toSelect, data.releases);
    var pair = chosen(data);
    fromSelect.value = pair.from;
    toSelect.value = pair.to;
    var notice = pair.unknown.map(function (v) {
      return "The address names " + v + ", which is not a release in the catalog. ";
    }).join("");
    var update = function () { showComparison(root, data, base, notice); };
    var changed = function () { notice = ""; update(); };  // a release picked: the notice is answered
    fromSelect.addEventListener("change", changed);
    toSelect.addEventListener("change", changed);
    update();
  }

  /* ---- support statuses, for the reader's day ---- */

  /* The generator's rules (generator/lifecycle.py, `how_far` in generator/pages/cells.py), written
     here by the generator: the status words, the warning days and the units of a distance. */
  var RULES = {{ rules }};

  function isoDay(date) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2])) / 86400000;
  }

  /* generator/lifecycle.py: not yet released before the first final release, then maintained
     until the end of maintenance, "ending" within the warning days before it, then ended. */
  function statusOn(today, first, end) {
    if (!first || first > today) return "prerelease";
    if (!end) return "maintained";
    if (today > end) return "ended";
    return dayNumber(end) - dayNumber(today) <= RULES.warningDays ? "ending" : "maintained";
  }

  /* `how_far`: `in 5 months`, `3 days ago`. */
  function howFar(day, today) {
    if (!day) return EMPTY;
    var days = dayNumber(day) - dayNumber(today), size = Math.abs(days), amount;
    if (size === 0) return "today";
    if (size < RULES.monthsFromDays) amount = size + " day" + (size === 1 ? "" : "s");
    else if (size < RULES.yearsFromDays) amount = Math.round(size / RULES.daysPerMonth) + " months";
    else amount = Math.round(size / RULES.daysPerYear) + " years";
    return days > 0 ? "in " + amount : amount + " ago";
  }

  /* `support`: past the earliest end of a major whose end waits on the next major, what it waits for (`later`). */
  function whenOn(today, end, notBefore, later) {
    if (!end && notBefore) return notBefore > today ? howFar(notBefore, today).replace("in ", "in at least ") : later;
    return howFar(end, today);
  }

  /* Text changed only where it differs: setup runs again whenever nodes are added (Docusaurus'
     client module watches for React rendering), and a text written anew is a node added. */
  function say(node, text) { if (node.textContent !== text) node.textContent = text; }

  /* The pages carry each status as it was on the day they were built, with the dates it comes
     from: said again for the reader's day. "Supported now" rows whose badge says a major is not
     maintained are hidden by the styles (`rt-now`). */
  function showStatuses() {
    var today = isoDay(new Date());
    document.querySelectorAll(".rt-status[data-first]").forEach(function (badge) {
      var key = statusOn(today, badge.getAttribute("data-first"), badge.getAttribute("data-end"));
      Object.keys(RULES.words).forEach(function (k) { badge.classList.toggle("rt-status-" + k, k === key); });
      say(badge, RULES.words[key]);
      badge.setAttribute("data-rt-day", today);  // said for that day (tests wait for it)
    });
    document.querySelectorAll(".rt-when").forEach(function (when) {
      say(when, whenOn(today, when.getAttribute("data-end"), when.getAttribute("data-not-before"),
                       when.getAttribute("data-later")));
    });
    document.querySelectorAll(".rt-today").forEach(function (day) {
      say(day, today);
      day.setAttribute("data-rt-day", today);
    });
    var some = document.querySelector(".rt-now.rt-status-maintained, .rt-now.rt-status-ending") !== null;
    document.querySelectorAll(".rt-some-now").forEach(function (p) { p.hidden = !some; });
    document.querySelectorAll(".rt-none-now").forEach(function (p) { p.hidden = some; });
  }

  // For the tests, which check these against the generator's own answers.
  window.runtimeReference = { statusOn: statusOn, howFar: howFar, resolveName: resolveName };

  /* The element the address names (`#astro-runtime-31-3`): the browser scrolled to it before the
     tables above it took their final size, so it is scrolled to again. */
  function hashTarget() {
    try { return location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null; }
    catch (e) { return null; }  // a malformed %-escape names nothing
  }

  function setup() {
    showStatuses();
    var changed = false;
    document.querySelectorAll(".rt-pins").forEach(function (m) { changed = enhancePins(m) || changed; });
    document.querySelectorAll(".rt-table").forEach(function (m) { changed = enhance(m) || changed; });
    document.querySelectorAll(".rt-jump").forEach(enhanceJump);
    // Every table of the page says what its box hides (a release's labels on a phone too).
    showCues(contentTables());
    var target = changed && hashTarget();
    if (target) target.scrollIntoView();
    document.querySelectorAll(".rt-compare").forEach(initCompare);
  }

  // A wider or narrower window may change which tables fit their boxes.
  var refit = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(refit);
    refit = requestAnimationFrame(function () {
      document.querySelectorAll("table[data-rt-enhanced]").forEach(fitWidth);
      showCues(contentTables());
    });
  });

  // Set up once loaded, and again on each page Material's instant navigation swaps in (its `document$`).
  // Both, because on a page opened from a file `document$` ends without ever emitting; setup is idempotent.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
})();
