#!/usr/bin/env node
/**
 * Compile Markdown as MDX 3, as Docusaurus does for every .md and .mdx file of a site that sets no
 * `markdown.format` (Astronomer's docs repository), and report what fails to compile.
 *
 *   node scripts/check-mdx.mjs PATH...     files, or folders searched for .md and .mdx files;
 *                                          prints `path:line:column: message` for each failure
 *   node scripts/check-mdx.mjs --json      reads a JSON list of {"name", "text"} from stdin and
 *                                          writes a JSON list of {"name", "ok", "line", "column",
 *                                          "message", "shown"} (null where not ok) to stdout, in the
 *                                          same order: many strings in one process, for property-based
 *                                          tests. `shown` is the text a reader sees: the page rendered
 *                                          with React, tags dropped, entities decoded; `links`, the
 *                                          `href` of each link it holds.
 *
 * Exit status: 0 if everything compiled, 1 if anything failed, 2 for a usage or input error.
 *
 * Compiled with `@mdx-js/mdx`'s `compile(text, {format: 'mdx'})` and remark-gfm, as Docusaurus
 * compiles (both pinned in package.json: the single copies that Docusaurus 3.4.0's mdx-loader, which
 * takes @mdx-js/mdx ^3.0.0 and remark-gfm ^4.0.0, resolves to in package-lock.json). A leading front matter block is
 * blanked out first, line for line so that positions stay right: Docusaurus reads it apart from
 * the MDX.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { compile, evaluate } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import * as runtime from 'react/jsx-runtime';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

/** `text` rendered as Docusaurus would render it, as HTML. */
async function rendered(text) {
  const { default: Content } = await evaluate(withoutFrontMatter(text), { ...runtime, ...OPTIONS });
  return renderToStaticMarkup(createElement(Content));
}

/** The destination of every link in rendered HTML. */
function links(html) {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]);
}

/** What a reader sees of rendered HTML: its text alone. */
function shown(html) {
  // Inline tags go without a trace (`a<em>b</em>` reads "ab"); the others part words.
  return html.replace(/<\/?(?:a|em|strong|code|del|span)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' ')
    .replace(/&(#?\w+);/g, (all, name) => ENTITIES[name] ?? all);
}

// As Docusaurus compiles a page: MDX, with GitHub's tables, strikethrough and autolinks.
const OPTIONS = { format: 'mdx', remarkPlugins: [remarkGfm] };

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?=\r?\n|$)/;

function withoutFrontMatter(text) {
  return text.replace(FRONT_MATTER, (block) => block.replace(/[^\r\n]/g, ''));
}

/** The first compile error of `text`, or null if it compiles. */
async function check(text) {
  try {
    await compile(withoutFrontMatter(text), OPTIONS);
    return null;
  } catch (error) {
    const place = error.place && error.place.start ? error.place.start : error.place;
    return {
      line: error.line ?? place?.line ?? 1,
      column: error.column ?? place?.column ?? 1,
      message: String(error.reason || error.message || error).replace(/\s*\n\s*/g, ' '),
    };
  }
}

async function filesUnder(target) {
  const info = await stat(target);
  if (!info.isDirectory()) return [target];
  const found = [];
  for (const entry of (await readdir(target, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await filesUnder(full)));
    } else if (/\.mdx?$/i.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function checkJson() {
  let items;
  try {
    items = JSON.parse(await readStdin());
    if (!Array.isArray(items) || items.some((i) => !i || typeof i.text !== 'string')) throw new Error('not a list of {name, text}');
  } catch (error) {
    process.stderr.write(`check-mdx: --json wants a JSON list of {"name", "text"} on stdin: ${error.message}\n`);
    return 2;
  }
  const results = [];
  for (const [n, item] of items.entries()) {
    const error = await check(item.text);
    results.push({ name: item.name ?? String(n), ok: error === null, line: error?.line ?? null,
      column: error?.column ?? null, message: error?.message ?? null,
      ...(error === null ? await seen(item.text) : { shown: null, links: null }) });
  }
  process.stdout.write(JSON.stringify(results) + '\n');
  return results.every((r) => r.ok) ? 0 : 1;
}

async function seen(text) {
  const html = await rendered(text);
  return { shown: shown(html), links: links(html) };
}

async function checkPaths(targets) {
  let files = [];
  try {
    for (const target of targets) files.push(...(await filesUnder(target)));
  } catch (error) {
    process.stderr.write(`check-mdx: ${error.message}\n`);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const error = await check(await readFile(file, 'utf8'));
    if (error) {
      failed += 1;
      process.stdout.write(`${file}:${error.line}:${error.column}: ${error.message}\n`);
    }
  }
  process.stderr.write(`check-mdx: ${files.length - failed} of ${files.length} files compiled${failed ? `, ${failed} failed` : ''}\n`);
  return failed ? 1 : 0;
}

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help') || args.length === 0) {
  process.stderr.write('usage: check-mdx.mjs PATH... | check-mdx.mjs --json < list.json\n');
  process.exitCode = args.length === 0 ? 2 : 0;
} else {
  process.exitCode = args[0] === '--json' ? await checkJson() : await checkPaths(args);
}
