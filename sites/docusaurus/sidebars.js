// @ts-check
/**
 * By id, as the docs repository lists its runtime pages. The release pages are not listed one by
 * one: the releases index links to each of them.
 * @type {import('@docusaurus/plugin-content-docs').SidebarsConfig}
 */
const sidebars = {
  runtime: [
    'runtime-image-architecture',
    'runtime-version-lifecycle-policy',
    'runtime-provider-reference',
    {
      type: 'category',
      label: 'Releases',
      link: { type: 'doc', id: 'runtime-releases/releases/runtime-releases' },
      items: ['runtime-releases/runtime-compare'],
    },
    'links-in',
  ],
};

module.exports = sidebars;
