/*
 * "Will my requirements fit?": `python -m generator fit` in the browser, on the data published with
 * the site (compare.json: each image's pins; fit.json: each image's Python, the machine), with
 * nothing fetched from elsewhere. It gives the CLI's answers (tests/browser/test_fit_page.py), so
 * each step follows the Python code it stands for:
 *  - the lines of a requirements file as pip reads them: generator/sources/requirements.py (an
 *    include, -r or -c, names a file the browser cannot read: it is listed as not checked);
 *  - each requirement as `packaging.requirements.Requirement` parses it (PEP 508: name, extras,
 *    specifier or URL, marker), with the same tokens and grammar (packaging/_tokenizer.py, _parser.py);
 *  - markers evaluated as `Marker.evaluate` does for the image's environment
 *    (generator/sources/constraints.py `environment`): version comparisons for the version-valued
 *    names, plain string comparisons for the others;
 *  - the check itself: generator/fit.py (`check_image`), versions compared by Renovate's PEP 440
 *    library (`window.runtimePep440`), the one the package pages' filter uses.
 * `window.runtimeFit.check(text, data)` gives the answer shaped as the CLI's JSON (`fit.as_json`).
 */
(function () {
  "use strict";

  var MAX_LINES = 10000, MAX_LENGTH = 2000;
  var ARCHIVES = [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".tar.lz"];
  var INCLUDES = { "-r": "--requirement", "--requirement": "--requirement", "-c": "--constraint", "--constraint": "--constraint" };
  var EDITABLE = { "-e": "--editable", "--editable": "--editable" };
  var IGNORED = { "-i": true, "--index-url": true, "--extra-index-url": true, "--no-index": false, "-f": true,
                  "--find-links": true, "--pre": false, "--prefer-binary": false, "--require-hashes": false,
                  "--only-binary": true, "--no-binary": true, "--trusted-host": true, "--use-feature": true };
  var PER_REQUIREMENT = { "--hash": true, "--config-settings": true, "--global-option": true };
  var TAKES_VALUE = {};
  [INCLUDES, EDITABLE].forEach(function (o) { Object.keys(o).forEach(function (k) { TAKES_VALUE[k] = true; }); });
  [IGNORED, PER_REQUIREMENT].forEach(function (o) { Object.keys(o).forEach(function (k) { TAKES_VALUE[k] = o[k]; }); });
  var LONG = {};
  [INCLUDES, EDITABLE].forEach(function (o) { Object.keys(o).forEach(function (k) { LONG[k] = o[k]; }); });
  var VARIABLE_REASON = "names an environment variable (${...}), which pip expands when it installs: " +
                        "not expanded here, so the answer is the same wherever it runs";
  var INCLUDE_REASON = "an include, which cannot be followed in the browser: paste the included file's content " +
                       "in its place (the command line follows it)";
  var PYTHON_NAMES = ["python_version", "python_full_version", "implementation_version"];
  var MARKERS_REQUIRING_VERSION = ["implementation_version", "platform_release", "python_full_version", "python_version"];

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  /* A refusal of the whole text, as the CLI's InputError: its line and why. */
  function InputError(line, message) { this.line = line; this.message = message; }

  /* ---- lines, as generator/sources/requirements.py reads them ---- */

  function splitlines(text) {  // str.splitlines()
    var parts = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
    if (parts.length && parts[parts.length - 1] === "") parts.pop();
    return parts;
  }

  function uncommented(line) {
    return (line.indexOf("#") >= 0 ? line.replace(/(^|\s)#.*$/, "") : line).trim();
  }

  /* `logical_lines`: continued lines joined (numbered by their first), comments and blank lines dropped. */
  function logicalLines(text) {
    var out = [], pending = [], first = 0;
    splitlines(text).forEach(function (line, i) {
      var number = i + 1, comment = /^\s*#/.test(line);
      if (/\\$/.test(line) && !comment) {
        if (!pending.length) first = number;
        pending.push(line.replace(/\\+$/, ""));
        return;
      }
      if (pending.length) {
        number = first;
        line = pending.join("") + (comment ? " " + line : line);
        pending = [];
      }
      var clean = uncommented(line);
      if (clean) out.push([number, clean]);
    });
    if (pending.length) {
      var clean = uncommented(pending.join(""));
      if (clean) out.push([first, clean]);
    }
    return out;
  }

  /* `shlex.split`, POSIX mode: quotes, backslash escapes. */
  function shlexSplit(text) {
    var words = [], word = null, i = 0, c;
    while (i < text.length) {
      c = text[i];
      if (/\s/.test(c)) {
        if (word !== null) { words.push(word); word = null; }
        i += 1;
      } else if (c === "'") {
        var end = text.indexOf("'", i + 1);
        if (end < 0) throw new Error("No closing quotation");
        word = (word || "") + text.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        word = word || "";
        i += 1;
        for (;;) {
          if (i >= text.length) throw new Error("No closing quotation");
          c = text[i];
          if (c === '"') { i += 1; break; }
          if (c === "\\" && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === "\\")) { word += text[i + 1]; i += 2; }
          else { word += c; i += 1; }
        }
      } else if (c === "\\") {
        if (i + 1 >= text.length) throw new Error("No escaped character");
        word = (word || "") + text[i + 1];
        i += 2;
      } else {
        word = (word || "") + c;
        i += 1;
      }
    }
    if (word !== null) words.push(word);
    return words;
  }

  /* `_options`: each option by its long name, with its value. */
  function options(text, number) {
    var words;
    try { words = shlexSplit(text); }
    catch (e) { throw new InputError(number, "options cannot be read: " + e.message); }
    var found = [], n = 0;
    while (n < words.length) {
      var word = words[n], value = null;
      n += 1;
      if (word.slice(0, 2) === "--" && word.indexOf("=") >= 0) {
        value = word.slice(word.indexOf("=") + 1);
        word = word.slice(0, word.indexOf("="));
      } else if (word.slice(0, 2) !== "--" && word.length > 2 && has(TAKES_VALUE, word.slice(0, 2))) {
        value = word.slice(2);
        word = word.slice(0, 2);
      }
      if (!has(TAKES_VALUE, word)) throw new InputError(number, word + ": not an option pip takes in a requirements file");
      var takes = TAKES_VALUE[word];
      if (takes && value === null) {
        if (n === words.length) throw new InputError(number, word + " needs a value");
        value = words[n];
        n += 1;
      } else if (!takes && value !== null) {
        throw new InputError(number, word + " takes no value");
      }
      found.push([has(LONG, word) ? LONG[word] : word, value]);
    }
    return found;
  }

  function pathOrUrl(text) {
    var head = text.split(";")[0].trim();
    return head.indexOf("://") >= 0 || /^(\.|\/|~|file:)/.test(head) || head.indexOf("/") >= 0 || head.indexOf("\\") >= 0;
  }

  /* `_requirement`: a line understood, or why no pin can refuse it; neither is an InputError. */
  function requirementLine(file, number, text) {
    if (text.length > MAX_LENGTH) {
      throw new InputError(number, "a requirement of " + text.length + " characters: at most " + MAX_LENGTH + " are read");
    }
    if (/\$\{[A-Z0-9_]+\}/.test(text)) return { file: file, line: number, text: text, reason: VARIABLE_REASON };
    var requirement;
    try {
      requirement = parseRequirement(text);
    } catch (e) {
      if (!(e instanceof SyntaxProblem)) throw e;
      if (pathOrUrl(text)) {
        return { file: file, line: number, text: text, reason: "a path or URL to install from: no version to compare with a pin" };
      }
      var quoted = text.length <= 80 ? text : text.slice(0, 77) + "...";
      throw new InputError(number, "not a requirement (" + quoted + "): " + e.message);
    }
    if (requirement.url) {
      return { file: file, line: number, text: text, reason: requirement.name + " comes from a URL or path, not " +
               "a package index: no version to compare with a pin" };
    }
    var lower = requirement.name.toLowerCase();
    if (ARCHIVES.some(function (a) { return lower.slice(-a.length) === a; })) {
      return { file: file, line: number, text: text, reason: "an archive file to install: no version to compare with a pin" };
    }
    return { file: file, line: number, text: text, requirement: requirement };
  }

  /* Every line of `text`, as `read_requirements` reads a file with no include. */
  function readRequirements(text, file) {
    var lines = [];
    var add = function (line) {
      if (lines.length === MAX_LINES) throw new InputError(line.line, "over " + MAX_LINES + " requirements: not a project's requirements");
      lines.push(line);
    };
    logicalLines(text).forEach(function (item) {
      var number = item[0], line = item[1];
      var split = /(?:^|\s)-/.exec(line);
      var args = split ? line.slice(0, split.index).trim() : line;
      var opts = split ? line.slice(split.index).trim() : "";
      if (!args) {
        options(opts, number).forEach(function (option) {
          var name = option[0], value = option[1];
          if (name === "--editable") {
            add({ file: file, line: number, text: line, reason: "an editable install (-e) of a project folder or " +
                  "repository: its version is known only once it is built" });
          } else if ((name === "--requirement" || name === "--constraint") && value !== null) {
            var reason = value.indexOf("://") >= 0 ? "a file included from a URL, which is not fetched here"
              : /\$\{[A-Z0-9_]+\}/.test(value) ? VARIABLE_REASON : INCLUDE_REASON;
            add({ file: file, line: number, text: line, reason: reason, include: true });
          }
        });
        return;
      }
      options(opts, number).forEach(function (option) {
        if (!has(PER_REQUIREMENT, option[0])) {
          throw new InputError(number, option[0] + " cannot follow a requirement on its line (" + args + ")");
        }
      });
      add(requirementLine(file, number, args));
    });
    return lines;
  }

  /* ---- PEP 508, as packaging's tokenizer and parser read it ---- */

  function SyntaxProblem(message) { this.message = message; }

  var VERSION_TAIL = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?" +
                     "(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?(?:[-_.]?dev[-_.]?[0-9]*)?";
  var SPECIFIER = "(?:(?:===\\s*[^\\s;)]*)" +
    "|(?:(?:==|!=)\\s*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*(?:\\.\\*|" + VERSION_TAIL + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)?)" +
    "|(?:~=\\s*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+" + VERSION_TAIL + ")" +
    "|(?:(?:<=|>=|<|>)\\s*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*" + VERSION_TAIL + "))";
  var SPECIFIER_WHOLE = new RegExp("^\\s*" + SPECIFIER + "\\s*$", "i");
  var RULES = {
    LEFT_PARENTHESIS: /\(/y, RIGHT_PARENTHESIS: /\)/y, LEFT_BRACKET: /\[/y, RIGHT_BRACKET: /\]/y,
    SEMICOLON: /;/y, COMMA: /,/y, QUOTED_STRING: /(?:'[^']*')|(?:"[^"]*")/y,
    OP: /(?:===|==|~=|!=|<=|>=|<|>)/y, BOOLOP: /\b(?:or|and)\b/y, IN: /\bin\b/y, NOT: /\bnot\b/y,
    VARIABLE: new RegExp("\\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)" +
                         "|platform(?:_|\\.)(?:version|machine|python_implementation)|python_implementation" +
                         "|implementation_(?:name|version)|extras?|dependency_groups)\\b", "y"),
    SPECIFIER: new RegExp(SPECIFIER, "iy"), AT: /@/y, URL: /[^ \t]+/y,
    IDENTIFIER: /\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b/y, VERSION_PREFIX_TRAIL: /\.\*/y,
    VERSION_LOCAL_LABEL_TRAIL: /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y, WS: /[ \t]+/y, END: /$(?![\s\S])/y,
  };

  function Tokenizer(source) { this.source = source; this.position = 0; this.next = null; }
  Tokenizer.prototype.check = function (name, peek) {
    var rule = RULES[name];
    rule.lastIndex = this.position;
    var m = rule.exec(this.source);
    if (!m) return false;
    if (!peek) this.next = m[0];
    return true;
  };
  Tokenizer.prototype.read = function () {
    var text = this.next;
    this.position += text.length;
    this.next = null;
    return text;
  };
  Tokenizer.prototype.consume = function (name) { if (this.check(name)) this.read(); };
  Tokenizer.prototype.expect = function (name, expected) {
    if (!this.check(name)) this.fail("Expected " + expected);
    return this.read();
  };
  Tokenizer.prototype.fail = function (message) { throw new SyntaxProblem(message); };
  Tokenizer.prototype.enclosed = function (open, close, around, inner) {
    var opened = this.check(open);
    if (opened) this.read();
    var result = inner();
    if (opened) {
      if (!this.check(close)) this.fail("Expected matching " + close + " for " + open + ", after " + around);
      this.read();
    }
    return result;
  };

  function parseRequirement(source) {
    var t = new Tokenizer(source);
    t.consume("WS");
    var name = t.expect("IDENTIFIER", "package name at the start of dependency specifier");
    t.consume("WS");
    var extras = [];
    if (t.check("LEFT_BRACKET", true)) {
      extras = t.enclosed("LEFT_BRACKET", "RIGHT_BRACKET", "extras", function () {
        t.consume("WS");
        var found = [];
        if (t.check("IDENTIFIER")) {
          found.push(t.read());
          for (;;) {
            t.consume("WS");
            if (t.check("IDENTIFIER", true)) t.fail("Expected comma between extra names");
            else if (!t.check("COMMA")) break;
            t.read();
            t.consume("WS");
            found.push(t.expect("IDENTIFIER", "extra name after comma"));
          }
        }
        t.consume("WS");
        return found;
      });
    }
    t.consume("WS");
    var url = "", specifiers = [], marker = null;
    if (t.check("AT")) {
      t.read();
      t.consume("WS");
      url = t.expect("URL", "URL after @");
      if (!t.check("END", true)) {
        t.expect("WS", "whitespace after URL");
        if (!t.check("END", true)) marker = requirementMarker(t, "semicolon (after URL and whitespace)");
      }
    } else {
      specifiers = t.enclosed("LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "version specifier", function () {
        t.consume("WS");
        var found = [];
        while (t.check("SPECIFIER")) {
          found.push(t.read());
          if (t.check("VERSION_PREFIX_TRAIL", true)) t.fail(".* suffix cannot be used here");
          if (t.check("VERSION_LOCAL_LABEL_TRAIL", true)) t.fail("Local version label can only be used with `==` or `!=` operators");
          t.consume("WS");
          if (!t.check("COMMA")) break;
          t.read();
          t.consume("WS");
        }
        t.consume("WS");
        return found;
      });
      t.consume("WS");
      if (!t.check("END", true)) {
        marker = requirementMarker(t, specifiers.length ? "comma (within version specifier), semicolon (after version specifier)"
                                                        : "semicolon (after name with no version specifier)");
      }
    }
    t.expect("END", "end of dependency specifier");
    return { name: name, extras: extras, url: url || null, specifier: specifierSet(specifiers),
             marker: marker && normalizeExtras(marker) };
  }

  function requirementMarker(t, expected) {
    if (!t.check("SEMICOLON")) t.fail("Expected " + expected + " or end");
    t.read();
    var marker = parseMarker(t);
    t.consume("WS");
    return marker;
  }

  /* A list of items and "and"/"or"; an item is a nested list, or {lhs, op, rhs}, each side
     {variable: name} or {value: text}. */
  function parseMarker(t) {
    var expression = [markerAtom(t)];
    while (t.check("BOOLOP")) {
      var op = t.read();
      expression.push(op, markerAtom(t));
    }
    return expression;
  }

  function markerAtom(t) {
    var marker;
    t.consume("WS");
    if (t.check("LEFT_PARENTHESIS", true)) {
      marker = t.enclosed("LEFT_PARENTHESIS", "RIGHT_PARENTHESIS", "marker expression", function () {
        t.consume("WS");
        var inner = parseMarker(t);
        t.consume("WS");
        return inner;
      });
    } else {
      t.consume("WS");
      var lhs = markerVar(t);
      t.consume("WS");
      var op = markerOp(t);
      t.consume("WS");
      var rhs = markerVar(t);
      t.consume("WS");
      marker = { lhs: lhs, op: op, rhs: rhs };
    }
    t.consume("WS");
    return marker;
  }

  function markerVar(t) {
    if (t.check("VARIABLE")) {
      var name = t.read().replace(/\./g, "_");
      return { variable: name === "python_implementation" ? "platform_python_implementation" : name };
    }
    if (t.check("QUOTED_STRING")) return { value: pythonString(t.read()) };
    return t.fail("Expected a marker variable or quoted string");
  }

  function markerOp(t) {
    if (t.check("IN")) { t.read(); return "in"; }
    if (t.check("NOT")) {
      t.read();
      t.expect("WS", "whitespace after 'not'");
      t.expect("IN", "'in' after 'not'");
      return "not in";
    }
    if (t.check("OP")) return t.read();
    return t.fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
  }

  /* A quoted string as `ast.literal_eval` reads it: Python's escapes. */
  function pythonString(token) {
    var inner = token.slice(1, -1), out = "", i = 0, m;
    var SIMPLE = { "\n": "", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
    if (inner.indexOf("\0") >= 0) throw new SyntaxProblem("Invalid quoted string");
    while (i < inner.length) {
      var c = inner[i];
      if (c !== "\\") { out += c; i += 1; continue; }
      if (i + 1 >= inner.length) throw new SyntaxProblem("Invalid quoted string");
      var e = inner[i + 1];
      if (has(SIMPLE, e)) { out += SIMPLE[e]; i += 2; }
      else if ((m = /^[0-7]{1,3}/.exec(inner.slice(i + 1)))) { out += String.fromCodePoint(parseInt(m[0], 8)); i += 1 + m[0].length; }
      else if (e === "x" || e === "u" || e === "U") {
        var size = { x: 2, u: 4, U: 8 }[e], hex = inner.slice(i + 2, i + 2 + size);
        if (hex.length !== size || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw new SyntaxProblem("Invalid quoted string");
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + size;
      } else if (e === "N") {
        throw new SyntaxProblem("a \\N{...} escape in a quoted string, which this page cannot read");
      } else { out += "\\" + e; i += 2; }
    }
    return out;
  }

  function canonicalize(name) { return name.replace(/[-_.]+/g, "-").toLowerCase(); }

  /* `_normalize_extras`: an extra's name compared with `extra` is normalised (PEP 685), and a name
     tested for membership in `extras` or `dependency_groups`. */
  function normalizeExtras(marker) {
    return marker.map(function (item) {
      if (Array.isArray(item)) return normalizeExtras(item);
      if (typeof item === "string") return item;
      var lhs = item.lhs, rhs = item.rhs;
      if (has(lhs, "variable") && lhs.variable === "extra" && has(rhs, "value")) rhs = { value: canonicalize(rhs.value) };
      else if (has(rhs, "variable") && rhs.variable === "extra" && has(lhs, "value")) lhs = { value: canonicalize(lhs.value) };
      else if (has(rhs, "variable") && (rhs.variable === "extras" || rhs.variable === "dependency_groups") && has(lhs, "value")) {
        lhs = { value: canonicalize(lhs.value) };
      }
      return { lhs: lhs, op: item.op, rhs: rhs };
    });
  }

  /* A SpecifierSet: its items, each `op` and `version` as `Specifier` strips them. */
  function specifierSet(tokens) {
    var items = [];
    tokens.forEach(function (token) {
      var spec = token.trim(), size = spec.slice(0, 3) === "===" ? 3 : /^(~=|==|!=|<=|>=)/.test(spec) ? 2 : 1;
      var text = spec.slice(0, size) + spec.slice(size).trim();
      if (items.indexOf(text) < 0) items.push(text);
    });
    return items.sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
  }

  /* `str(marker)`: `_format_marker`. */
  function serializeValue(value) {
    if (value.indexOf('"') < 0) return '"' + value + '"';
    return "'" + value + "'";
  }
  function side(s) { return has(s, "variable") ? s.variable : serializeValue(s.value); }
  function formatMarker(marker, first) {
    if (Array.isArray(marker) && marker.length === 1 && typeof marker[0] !== "string") return formatMarker(marker[0], first);
    if (Array.isArray(marker)) {
      var inner = marker.map(function (m) { return formatMarker(m, false); }).join(" ");
      return first ? inner : "(" + inner + ")";
    }
    if (typeof marker === "string") return marker;
    return side(marker.lhs) + " " + marker.op + " " + side(marker.rhs);
  }

  /* ---- markers evaluated: `Marker.evaluate` ---- */

  function UndefinedComparison(message) { this.message = message; }

  function pyRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var body = text.replace(/[\\\x00-\x1f\x7f]|'/g, function (c) {
      if (c === "'") return quote === "'" ? "\\'" : c;
      if (c === "\\") return "\\\\";
      if (c === "\n") return "\\n";
      if (c === "\r") return "\\r";
      if (c === "\t") return "\\t";
      return "\\x" + ("0" + c.charCodeAt(0).toString(16)).slice(-2);
    });
    return quote + body + quote;
  }

  function satisfies(version, spec) {
    var pep = window.runtimePep440;
    return pep.valid(version) !== null && pep.satisfies(version, spec);
  }

  function evalOp(lhs, op, rhs, key) {
    if (MARKERS_REQUIRING_VERSION.indexOf(key) >= 0 && SPECIFIER_WHOLE.test(op + rhs)) return satisfies(lhs, op + rhs);
    switch (op) {
      case "in": return rhs.indexOf(lhs) >= 0;
      case "not in": return rhs.indexOf(lhs) < 0;
      case "<": case ">": return false;
      case "<=": case "==": case ">=": return lhs === rhs;
      case "!=": return lhs !== rhs;
      default: throw new UndefinedComparison("Undefined <Op(" + pyRepr(op) + ")> on " + pyRepr(lhs) + " and " + pyRepr(rhs) + ".");
    }
  }

  function lookup(env, key) {
    if (!has(env, key)) throw new UndefinedComparison(pyRepr(key));  // UndefinedEnvironmentName: a KeyError's words
    return env[key];
  }

  function evaluate(marker, env) {
    var groups = [[]];
    marker.forEach(function (item) {
      if (Array.isArray(item)) groups[groups.length - 1].push(evaluate(item, env));
      else if (item === "or") groups.push([]);
      else if (item === "and") return;
      else {
        var key, lhs, rhs;
        if (has(item.lhs, "variable")) { key = item.lhs.variable; lhs = lookup(env, key); rhs = has(item.rhs, "variable") ? item.rhs.variable : item.rhs.value; }
        else { key = has(item.rhs, "variable") ? item.rhs.variable : item.rhs.value; lhs = item.lhs.value; rhs = lookup(env, key); }
        groups[groups.length - 1].push(evalOp(lhs, item.op, rhs, key));
      }
    });
    return groups.some(function (g) { return g.every(Boolean); });
  }

  /* `sources.constraints.environment`, and the `extra` `Marker.evaluate` adds. */
  function environment(python, machine) {
    python = python || "";
    var full = (python.match(/\./g) || []).length === 1 ? python + ".0" : python;
    return { implementation_name: "cpython", implementation_version: full, os_name: "posix", platform_machine: machine,
             platform_python_implementation: "CPython", platform_release: "", platform_system: "Linux",
             platform_version: "", python_full_version: full, python_version: python, sys_platform: "linux", extra: "" };
  }

  /* `fit._applies`: true, false, or why it cannot be decided. */
  function applies(marker, python, env) {
    var text = formatMarker(marker, true);
    if (python === null && PYTHON_NAMES.some(function (n) { return text.indexOf(n) >= 0; })) {
      return "its marker needs the image's Python version, which neither the image nor the catalog states";
    }
    try { return evaluate(marker, env); }
    catch (e) {
      if (e instanceof UndefinedComparison) return "its marker cannot be evaluated: " + e.message;
      throw e;
    }
  }

  /* ---- the check: generator/fit.py ---- */

  function note(line, key, detail) {
    var out = { file: line.file, line: line.line, text: line.text };
    out[key] = detail;
    return out;
  }

  function checkImage(image, python, pins, lines, machine) {
    var env = environment(python, machine), result = { image: image, python: python, fits: true, conflicts: [],
                                                        not_pinned: [], not_applicable: [], undecided: [] };
    lines.forEach(function (line) {
      var r = line.requirement;
      if (r.marker) {
        var ok = applies(r.marker, python, env);
        if (typeof ok === "string") { result.undecided.push(note(line, "reason", ok)); return; }
        if (!ok) { result.not_applicable.push(note(line, "marker", formatMarker(r.marker, true))); return; }
      }
      var pin = pins[canonicalize(r.name)];
      if (!pin) { result.not_pinned.push(note(line, "package", r.name)); return; }
      if (!r.specifier.every(function (s) { return satisfies(pin.version, s); })) {
        result.conflicts.push({ file: line.file, line: line.line, text: line.text, package: pin.name, pinned: pin.version,
                                specifier: r.specifier.join(",") });
      }
    });
    result.fits = !result.conflicts.length;
    return result;
  }

  /* Each release of the data (compare.json with fit.json's fields: `join`) with its images' pins. */
  function join(compare, fit) {
    var byVersion = {};
    compare.releases.forEach(function (r) { byVersion[r.version] = r; });
    return { machine: fit.machine, releases: fit.releases.map(function (f) {
      var c = byVersion[f.version] || { images: {} }, names = f.names || {};
      return { version: f.version, line: f.line, prerelease: f.prerelease, yanked: !!c.yanked, page: c.page,
               images: f.images.map(function (pair) {
                 var flat = c.images[pair[0]] || [], pins = {}, own = names[pair[0]] || {};
                 for (var n = 0; n < flat.length; n += 2) {
                   var p = compare.packages[flat[n]];
                   pins[p.key] = { name: has(own, p.key) ? own[p.key] : p.name, version: p.versions[flat[n + 1]] };
                 }
                 return { image: pair[0], python: pair[1], pins: pins };
               }) };
    }) };
  }

  /* The answer for `text`, shaped as `fit.as_json`'s, or {error: {line, message}} for text the CLI refuses. */
  function check(text, data, file) {
    file = file || "requirements.txt";
    var lines;
    try { lines = readRequirements(text, file); }
    catch (e) {
      if (e instanceof InputError) return { error: { file: file, line: e.line, message: e.message } };
      throw e;
    }
    var checked = lines.filter(function (l) { return l.requirement; });
    var releases = data.releases.slice().reverse().map(function (r) {
      var images = r.images.map(function (i) { return checkImage(i.image, i.python, i.pins, checked, data.machine); });
      return { version: r.version, line: r.line, page: r.page, prerelease: r.prerelease, yanked: r.yanked,
               fits: images.length > 0 && images.every(function (i) { return i.fits; }), images: images };
    });
    var chosen = releases.filter(function (r) { return !r.prerelease && !r.yanked && r.images.length; })[0] || null;
    return {
      lines: lines.length,
      chosen: { version: chosen ? chosen.version : null, fits: !!(chosen && chosen.fits) },
      fitting: releases.filter(function (r) { return r.fits; }).map(function (r) { return r.version; }),
      not_checked: lines.filter(function (l) { return !l.requirement; }).map(function (l) {
        var out = note(l, "reason", l.reason);
        if (l.include) out.include = true;
        return out;
      }),
      releases: releases,
    };
  }

  /* ---- the page ---- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function label(r) {
    var marks = [];
    if (r.prerelease) marks.push("pre-release");
    if (r.yanked) marks.push("yanked");
    return marks.length ? r.version + " (" + marks.join(", ") + ")" : r.version;
  }

  /* A release's conflicts, each once with the images it holds for (`fit._grouped`). */
  function grouped(release) {
    var found = [], byKey = {};
    release.images.forEach(function (image) {
      image.conflicts.forEach(function (c) {
        var key = JSON.stringify([c.line, c.text, c.package, c.pinned, c.specifier]);
        if (!has(byKey, key)) { byKey[key] = { conflict: c, images: [] }; found.push(byKey[key]); }
        byKey[key].images.push(image.image);
      });
    });
    return found;
  }

  function show(root, result, base) {
    var out = root.querySelector(".rt-fit-result"), status = root.querySelector(".rt-fit-status");
    out.textContent = "";
    if (result.error) {
      status.textContent = "Line " + result.error.line + ": " + result.error.message;
      out.setAttribute("data-rt-error-line", String(result.error.line));
      return;
    }
    out.removeAttribute("data-rt-error-line");
    var fitting = result.releases.filter(function (r) { return r.fits; });
    var chosen = result.releases.filter(function (r) { return r.version === result.chosen.version; })[0];
    status.textContent = result.lines + " requirement lines read; " + result.releases.length + " releases checked, every image. " +
      (chosen ? "The newest stable release, " + label(chosen) + ", " + (chosen.fits ? "fits." : "does not fit.") : "No stable release to judge by.");
    out.appendChild(el("p", { class: "rt-fit-fitting", text: "Releases that accept every line (" + fitting.length + ", newest first): " +
      (fitting.length ? fitting.map(label).join(", ") : "none") + "." }));
    if (result.not_checked.length) {
      out.appendChild(el("p", { text: "Not checked (no version a pin could refuse):" }));
      out.appendChild(el("ul", { class: "rt-fit-not-checked" }, result.not_checked.map(function (n) {
        return el("li", { "data-line": String(n.line), text: "line " + n.line + ": " + n.text + ": " + n.reason });
      })));
    }
    var undecided = {};
    result.releases.forEach(function (r) { r.images.forEach(function (i) { i.undecided.forEach(function (n) {
      undecided["line " + n.line + ": " + n.text + ": " + n.reason] = true;
    }); }); });
    if (Object.keys(undecided).length) {
      out.appendChild(el("p", { text: "Undecided for some images (not counted as conflicts):" }));
      out.appendChild(el("ul", {}, Object.keys(undecided).sort().map(function (t) { return el("li", { text: t }); })));
    }
    // By line, newest first; in each, a row per release, newest first.
    var lines = [], byLine = {};
    result.releases.forEach(function (r) {
      if (!has(byLine, r.line)) { byLine[r.line] = []; lines.push(r.line); }
      byLine[r.line].push(r);
    });
    lines.forEach(function (line, n) {
      var releases = byLine[line], fit = releases.filter(function (r) { return r.fits; }).length;
      var details = el("details", { class: "rt-fit-line", "data-line": line });
      if (n === 0) details.open = true;
      details.appendChild(el("summary", { text: line + ": " + fit + " of " + releases.length + " releases accept every line" }));
      var rows = releases.map(function (r) {
        var cell = el("td", {});
        var groups = grouped(r);
        if (!r.images.length) cell.textContent = "no image read, so not checked";
        groups.forEach(function (g) {
          var c = g.conflict, images = r.images.length === 1 && g.images.length === 1 ? "" : " [" + g.images.join(", ") + "]";
          cell.appendChild(el("div", { class: "rt-fit-conflict", "data-line": String(c.line), "data-package": c.package,
                                       "data-pinned": c.pinned, "data-images": g.images.join(","),
                                       text: "line " + c.line + ": " + c.text + ": pinned " + c.package + "==" + c.pinned + images }));
        });
        var link = r.page ? el("a", { href: new URL(r.page, base).href, text: label(r) }) : document.createTextNode(label(r));
        return el("tr", { "data-version": r.version, "data-fits": String(r.fits) },
                  [el("td", {}, [link]), el("td", { text: r.fits ? "yes" : r.images.length ? "no" : "no image" }), cell]);
      });
      details.appendChild(el("table", { class: "rt-fit-table" }, [
        el("thead", {}, [el("tr", {}, [el("th", { text: "Release" }), el("th", { text: "Fits" }), el("th", { text: "Conflicts" })])]),
        el("tbody", {}, rows)]));
      out.appendChild(details);
    });
    root.setAttribute("data-rt-checked", String(Number(root.getAttribute("data-rt-checked") || 0) + 1));
  }

  var SERVE = "serve the site (python -m http.server -d site, or make serve) and open it from there.";

  function init(root) {
    if (root.dataset.rtReady) return;
    root.dataset.rtReady = "1";
    root.hidden = false;
    var status = root.querySelector(".rt-fit-status"), button = root.querySelector(".rt-fit-check");
    var input = root.querySelector(".rt-fit-input");
    input.spellcheck = false;
    button.disabled = true;
    var fail = function (text) { status.textContent = text; };
    var article = root.closest("article") || document;
    var compareLink = article.querySelector('a[href$="compare.json"]'), fitLink = article.querySelector('a[href$="fit.json"]');
    if (!compareLink || !fitLink) { fail("The release data links are missing from this page."); return; }
    if (location.protocol === "file:") { fail("Opened from a file, this page cannot read its release data: " + SERVE); return; }
    var get = function (a) {
      return fetch(a.href).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
    };
    Promise.all([get(compareLink), get(fitLink)]).then(function (both) {
      var data = join(both[0], both[1]), base = new URL(".", compareLink.href);
      root.runtimeFitData = data;
      button.disabled = false;
      status.textContent = "Paste a requirements file, then check it against " + data.releases.length + " releases.";
      button.addEventListener("click", function () { show(root, check(input.value, data), base); });
    }, function (error) {
      fail("Could not load the release data (" + error.message + "). Reload the page to try again.");
    });
  }

  window.runtimeFit = { check: check, join: join, parseRequirement: parseRequirement, readRequirements: readRequirements,
                        formatMarker: formatMarker, environment: environment, applies: applies };

  function setup() { document.querySelectorAll(".rt-fit").forEach(init); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
})();
