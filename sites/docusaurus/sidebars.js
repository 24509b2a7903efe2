// @ts-check
/**
 * By id, as the docs repository lists its runtime pages, and, with one line, every generated page:
 * the generator's sidebar.js (releases by line, the packages, the compare page), so that each of
 * them has the sidebar and breadcrumbs.
 * @type {import('@docusaurus/plugin-content-docs').SidebarsConfig}
 */
const sidebars = {
  runtime: [
    'runtime-image-architecture',
    'runtime-version-lifecycle-policy',
    'runtime-provider-reference',
    ...require('./docs/src/runtime/sidebar.js'),
  ],
};

module.exports = sidebars;
