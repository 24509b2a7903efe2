// @ts-check
/**
 * A minimal Docusaurus 3 site (3.4.0, pinned in package.json: the version the docs repository's
 * Yarn lockfile resolves) that builds what `python -m generator build --target docusaurus`
 * writes, with the settings of Astronomer's docs repository that decide whether it builds
 * (broken links throw, every .md is MDX, no MDX 1 compatibility), and the two lines a docs
 * repository adds for the generated pages' browser code, which the generator writes too
 * (docs/src/runtime/: clientModule.js in clientModules, runtime.css in customCss).
 *
 * Layout, as in the docs repository: docs/ stands for the repository root, docs/astro/ is the
 * docs plugin's folder, and docs/docs-partials/ sits beside it, outside every content plugin
 * (pages import its partials; Docusaurus compiles them with its fallback MDX loader).
 */

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Astro Runtime reference',
  tagline: 'The generator\'s Docusaurus output, built as the docs repository would',
  url: 'http://127.0.0.1',
  // As in the docs repository: the site is served under /docs/, so every absolute link and the
  // compare page's data must carry the base URL (the build, `generator links --base-url /docs`
  // and the browser tests, which serve the build under /docs, check it).
  baseUrl: '/docs',  // Docusaurus adds the trailing slash
  favicon: 'img/favicon.svg',
  // docs/ stands for the docs repository's root, so its static/ is the one the generator writes into
  // (static/runtime/compare.json); the site's own static files stay in static/.
  staticDirectories: ['docs/static', 'static'],
  // As in the docs repository: page URLs have no trailing slash, and the build writes `page.html`.
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  // As in the docs repository. Docusaurus 3.4.0 has no `markdown.hooks` (3.9 moved the setting
  // there): the top-level key is the one it reads.
  onBrokenMarkdownLinks: 'throw',
  markdown: {
    // Off, as under `future.v4`: HTML comments, `:::` without blank lines and `{#id}` headings fail.
    mdx1Compat: { comments: false, admonitions: false, headingIds: false },
  },
  i18n: { defaultLocale: 'en', locales: ['en'] },
  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          // As in the docs repository (`path: 'astro'`, `routeBasePath: 'astro'`), so that a link
          // that works here, absolute ones from partials included, works there.
          path: 'docs/astro',
          routeBasePath: 'astro',
          sidebarPath: require.resolve('./sidebars.js'),
        },
        blog: false,
        theme: { customCss: require.resolve('./docs/src/runtime/runtime.css') },
      }),
    ],
  ],
  // Sortable and filterable tables and the compare page: the generator's reference.js, run on every route.
  clientModules: [require.resolve('./docs/src/runtime/clientModule.js')],
  // The release feed the generator writes (docs/static/runtime/api/releases.xml), linked from every page's
  // head, as the docs repository links its release notes' RSS. Docusaurus puts no baseUrl before a head
  // tag's href: it carries it ('/docs').
  headTags: [
    {
      tagName: 'link',
      attributes: {
        rel: 'alternate',
        type: 'application/atom+xml',
        title: 'Astro Runtime releases',
        href: '/docs/runtime/api/releases.xml',
      },
    },
  ],
  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      navbar: {
        title: 'Astro Runtime',
        items: [
          { type: 'doc', docId: 'runtime-provider-reference', label: 'Provider reference', position: 'left' },
          { type: 'doc', docId: 'runtime-releases/releases/runtime-releases', label: 'Releases', position: 'left' },
        ],
      },
      colorMode: { respectPrefersColorScheme: true },
    }),
};

module.exports = config;
