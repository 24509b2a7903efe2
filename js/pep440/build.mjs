// Bundles entry.js and @renovatebot/pep440 into one browser script, an IIFE that sets
// `window.runtimePep440`: generator/pages/assets/pep440.js, committed, which the generator writes
// beside the pages of both sites. `make pep440` runs it after `npm ci`; the lockfile pins what goes in.
//
//   node build.mjs [OUTFILE]    (default: ../../generator/pages/assets/pep440.js)
//
// The output depends on nothing but the installed packages: no timestamp, no path (esbuild writes
// none when minifying), and the library's licence at its top as a legal comment (`/*!`), which
// minifiers keep or extract, so that it travels with the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const library = join(here, 'node_modules', '@renovatebot', 'pep440');
const out = resolve(process.argv[2] || join(here, '..', '..', 'generator', 'pages', 'assets', 'pep440.js'));

const { name, version, license, homepage } = JSON.parse(readFileSync(join(library, 'package.json'), 'utf8'));
const text = (file) => readFileSync(join(library, file), 'utf8').trim();
// The library is offered under either licence; the BSD one (short, and the one that asks for its
// notice to be reproduced) is given whole, the Apache one by name.
const notice = [
  `${name} ${version} (${license}), ${homepage}`,
  'bundled for the browser as window.runtimePep440 by js/pep440/build.mjs of the runtime docs generator.',
  '',
  text('LICENSE'),
  '',
  'LICENSE.BSD:',
  '',
  text('LICENSE.BSD'),
].join('\n');
if (notice.includes('*/')) throw new Error('the licence text would end the comment early');

const built = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['entry.js'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  charset: 'utf8',
  legalComments: 'inline',
  banner: { js: `/*!\n${notice.split('\n').map((line) => ` * ${line}`.trimEnd()).join('\n')}\n */` },
  write: false,
  logLevel: 'warning',
});
const [output] = built.outputFiles;
writeFileSync(out, output.text.endsWith('\n') ? output.text : `${output.text}\n`);
console.log(`${out}: ${output.contents.length} bytes`);
