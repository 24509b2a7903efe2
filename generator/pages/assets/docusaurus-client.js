/**
 * Sortable and filterable tables and the compare page of the generated runtime pages, in Docusaurus.
 *
 * The code is reference.js beside this file, the same script the MkDocs site runs. It sets its
 * pages up once when loaded, then again on each page announced by Material's `window.document$`.
 * Here:
 *  - it is loaded on the first `onRouteDidUpdate`, which Docusaurus calls after React has
 *    hydrated the page: loaded any earlier, its changes to the tables would be undone by
 *    hydration (and React would log hydration errors);
 *  - Docusaurus has no `document$`, so a stand-in with the one method the script uses,
 *    `subscribe`, collects its setup function, which every later route change runs.
 * Setup is idempotent, and the tables it changes are swapped out whole by React on navigation, or
 * when React renders them again (then a MutationObserver runs it again).
 */
import ExecutionEnvironment from '@docusaurus/ExecutionEnvironment';
import siteConfig from '@generated/docusaurus.config';

let setups = null;
let pending = 0;

function runSetups() {
  pending = 0;
  setups.forEach((setup) => setup());
}

function load() {
  setups = [];
  if (!window.document$) {
    window.document$ = { subscribe: (fn) => { setups.push(fn); return { unsubscribe() {} }; } };
  }
  // The site's base URL, which links from partials (the jump box's) are resolved against.
  window.runtimeSiteBase = siteConfig.baseUrl;
  // PEP 440 versions and specifiers, `window.runtimePep440`, which reference.js uses: set first.
  require('./pep440.js');
  // Runs its setup at once (the document is loaded by now) and subscribes to the stand-in above.
  require('./reference.js');
  require('./fit.js');  // the "Will my requirements fit?" page (window.runtimeFit)
  // React may render part of a page again after the route changed: Docusaurus' tabs remount their
  // content once the page knows it runs in a browser, which replaces the tables set up already.
  // Setup is idempotent, so it runs again (once a frame at most) when anything is added.
  new MutationObserver((records) => {
    if (pending || !records.some((r) => r.addedNodes.length)) return;
    pending = requestAnimationFrame(runSetups);
  }).observe(document.body, { childList: true, subtree: true });
}

export function onRouteDidUpdate({ location, previousLocation }) {
  if (!ExecutionEnvironment.canUseDOM) return;
  if (setups === null) {
    load();
    return;
  }
  // A change of hash only (such as the compare page's `#from=..&to=..`) swaps no page.
  if (previousLocation && previousLocation.pathname === location.pathname) return;
  runSetups();
}
