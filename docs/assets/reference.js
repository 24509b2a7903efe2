/*
 * Reader tools for the generated reference pages, with no dependency and nothing
 * fetched from elsewhere:
 *  - tables opted in by a `<div class="rt-table">` marker just before them get a
 *    filter box and sort buttons in their column heads;
 *  - the compare page fills its two drop-downs from compare.json (published with
 *    the site) and shows the package changes between the two chosen releases.
 * Material's instant navigation swaps pages without reloading, so setup runs on
 * each page through Material's `document$` when it exists, else once on load.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var EMPTY = "–";
  var KINDS = ["added", "upgraded", "downgraded", "removed"];

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
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.dataset.rtOrder = r.dataset.rtOrder || String(i); });
    rows.sort(function (a, b) {
      return compareCells(cellKey(a, index), cellKey(b, index), descending) ||
        Number(a.dataset.rtOrder) - Number(b.dataset.rtOrder);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filter(table, query, count) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = table.tBodies[0].rows, shown = 0;
    Array.prototype.forEach.call(rows, function (r) {
      var text = r.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      r.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = words.length ? shown + " of " + rows.length + " rows" : rows.length + " rows";
  }

  function enhance(marker) {
    if (marker.dataset.rtReady) return;
    var table = tableAfter(marker);
    if (!table || !table.tHead || !table.tBodies.length) return;
    marker.dataset.rtReady = "1";
    table.dataset.rtEnhanced = "1";  // not a class: Material styles only `table:not([class])`
    var label = marker.getAttribute("data-label") || "Filter rows";
    var input = el("input", { type: "search", placeholder: label, "aria-label": label, class: "rt-filter" });
    var count = el("span", { class: "rt-count", "aria-live": "polite" });
    marker.appendChild(el("div", { class: "rt-tools" }, [input, count]));
    input.addEventListener("input", function () { filter(table, input.value, count); });
    filter(table, "", count);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var name = th.textContent.trim();
      var button = el("button", { type: "button", class: "rt-sort", title: "Sort by " + name,
        "aria-label": "Sort by " + name, text: "⇅" });
      button.addEventListener("click", function () { sortBy(table, index, th); });
      th.appendChild(button);
    });
  }

  /* ---- compare page ---- */

  function releaseUrl(base, page) {
    // The site's URL style decides: `releases/x/` with directory URLs, `releases/x.html` without.
    var path = page.replace(/\.md$/, "");
    return new URL(location.pathname.slice(-1) === "/" ? path + "/" : path + ".html", base).href;
  }

  function pins(data, release, variant) {
    var flat = release.images[variant], map = {};
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

  function changeTable(found) {
    var head = el("tr", {}, ["Package", "Change", "From", "To", "Changelog"].map(function (h) {
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

  function showComparison(root, data, base) {
    var byVersion = {};
    data.releases.forEach(function (r) { byVersion[r.version] = r; });
    var from = byVersion[root.querySelector(".rt-compare-from").value];
    var to = byVersion[root.querySelector(".rt-compare-to").value];
    var out = root.querySelector(".rt-compare-result");
    out.textContent = "";
    if (!from || !to) return;
    history.replaceState(null, "", "#from=" + encodeURIComponent(from.version) + "&to=" + encodeURIComponent(to.version));
    var title = el("p", {}, [document.createTextNode("From "), link(from.version, releaseUrl(base, from.page)),
      document.createTextNode(" (Airflow " + from.airflow + (from.yanked ? ", yanked" : "") + ") to "),
      link(to.version, releaseUrl(base, to.page)),
      document.createTextNode(" (Airflow " + to.airflow + (to.yanked ? ", yanked" : "") + ").")]);
    out.appendChild(title);
    variantsOf(from, to).forEach(function (v) {
      var section = el("section", { class: "rt-compare-image", "data-variant": v });
      section.appendChild(el("h3", { text: v.charAt(0).toUpperCase() + v.slice(1) + " image" }));
      if (!(v in from.images) || !(v in to.images)) {
        var missing = v in from.images ? to : from;
        section.appendChild(el("p", { text: missing.version + " has no " + v + " image: there is nothing to compare with." }));
      } else {
        var found = changes(data, from, to, v);
        section.appendChild(el("p", { class: "rt-summary", text: found.length ? summary(found) : "No package changed." }));
        if (found.length) {
          var marker = el("div", { class: "rt-table", "data-label": "Filter changes" });
          section.appendChild(marker);
          // The wrappers Material gives the tables it renders, for the same look and scrolling.
          section.appendChild(el("div", { class: "md-typeset__scrollwrap" }, [
            el("div", { class: "md-typeset__table" }, [changeTable(found)])]));
          enhance(marker);
        }
      }
      out.appendChild(section);
    });
  }

  function fillSelect(select, releases) {
    releases.slice().reverse().forEach(function (r) {
      select.appendChild(el("option", { value: r.version, text: r.version + " (Airflow " + r.airflow + ")" + (r.yanked ? " (yanked)" : "") }));
    });
  }

  function initCompare(root) {
    if (root.dataset.rtReady) return;
    root.dataset.rtReady = "1";
    var status = root.querySelector(".rt-compare-status");
    var source = document.querySelector('article a[href$="compare.json"], a[href$="compare.json"]');
    if (!source) { status.textContent = "The release data link is missing from this page."; return; }
    fetch(source.href).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) {
      var fromSelect = root.querySelector(".rt-compare-from"), toSelect = root.querySelector(".rt-compare-to");
      fillSelect(fromSelect, data.releases);
      fillSelect(toSelect, data.releases);
      var wanted = new URLSearchParams(location.hash.slice(1));
      var n = data.releases.length;
      toSelect.value = wanted.get("to") || data.releases[n - 1].version;
      fromSelect.value = wanted.get("from") || data.releases[Math.max(0, n - 2)].version;
      status.textContent = data.releases.length + " releases. Pick two to compare.";
      var base = new URL(".", source.href);
      var update = function () { showComparison(root, data, base); };
      fromSelect.addEventListener("change", update);
      toSelect.addEventListener("change", update);
      update();
    }).catch(function (error) {
      status.textContent = "Could not load the release data (" + error.message + "). " +
        "Open the site through a web server, for example: python -m http.server -d site";
    });
  }

  function setup() {
    document.querySelectorAll(".rt-table").forEach(enhance);
    document.querySelectorAll(".rt-compare").forEach(initCompare);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
