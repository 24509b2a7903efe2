/*
 * The browser entry of generator/pages/assets/pep440.js (built by build.mjs, `make pep440`):
 * what the pages' scripts need of PEP 440 to filter versions by a specifier, from Renovate's
 * @renovatebot/pep440 (a port of Python's `packaging`), set once as `window.runtimePep440`.
 *
 * Only the library's own files for versions, specifiers and ordering are taken (not its semver-like
 * helpers), and each function is guarded so that a version or specifier that is not PEP 440 gives
 * an answer (no match, invalid, sorted last) instead of throwing.
 */
const { valid, explain } = require('@renovatebot/pep440/lib/version');
const { satisfies, validRange } = require('@renovatebot/pep440/lib/specifier');
const { compare } = require('@renovatebot/pep440/lib/operator');

window.runtimePep440 = Object.freeze({
  /** `version` itself if it is a PEP 440 version (`1!2.0.0`, `6.1.3rc1`, `1.2+astro.1`), else null. */
  valid: (version) => valid(String(version)),
  /**
   * Its parts, or null if it is not one: `{epoch, release, pre, post, dev, local, public,
   * base_version, is_prerelease, is_devrelease, is_postrelease}`.
   */
  explain: (version) => explain(String(version)),
  /** Whether `specifier` is a PEP 440 specifier set (`>=5`, `~=6.1`, `>1.0, <2`, `==1.2.*`). */
  validRange: (specifier) => validRange(String(specifier)),
  /**
   * Whether `version` satisfies `specifier`. Pre-releases match when they satisfy it (pip's answer
   * for a version named by an explicit specifier, `packaging`'s `contains(v, prereleases=True)`);
   * `{prereleases: false}` refuses every pre-release (`prereleases=False`). A version or specifier
   * that is not PEP 440 matches nothing.
   */
  satisfies: (version, specifier, options) => {
    const text = String(version);
    return valid(text) !== null && satisfies(text, String(specifier), { prereleases: true, ...options });
  },
  /**
   * PEP 440 order, for `Array.prototype.sort`: negative, zero or positive. What is not a PEP 440
   * version sorts after every version, and equal to anything else that is not.
   */
  compare: (a, b) => {
    const left = valid(String(a)) !== null;
    const right = valid(String(b)) !== null;
    if (left && right) return compare(String(a), String(b));
    return Number(!left) - Number(!right);
  },
});
