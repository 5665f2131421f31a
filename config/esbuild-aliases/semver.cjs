// Stands in for `semver` in the bundles (config/esbuild.yml `alias`). Its one importer there is
// aws-xray-sdk-core's AWS SDK v2 patcher (patchers/aws_p.js: `semver.gte(AWS.VERSION, '2.7.15')`
// in captureAWS), which the Powertools Tracer never calls: it captures v3 clients. Loading the
// real package builds its regular expressions, about 4 ms of CPU in every traced cold start.
// Anything else asked of it fails loudly (bench/tests/esbuild-aliases.test.ts checks the importers).
'use strict';

const VERSION = /^\s*v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/;

function parse(version) {
  const match = VERSION.exec(String(version));
  if (match === null) throw new TypeError(`Invalid Version: ${version}`);
  return {
    release: [Number(match[1]), Number(match[2]), Number(match[3])],
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

function compareIdentifiers(a, b) {
  const [aNumeric, bNumeric] = [/^\d+$/.test(a), /^\d+$/.test(b)];
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** semver's compare: release numbers, then a prerelease ranks below its release. */
function compare(a, b) {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++)
    if (x.release[i] !== y.release[i]) return Math.sign(x.release[i] - y.release[i]);
  if (x.prerelease.length === 0 || y.prerelease.length === 0)
    return Math.sign(y.prerelease.length - x.prerelease.length) || 0;
  for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
    if (x.prerelease[i] === undefined) return -1;
    if (y.prerelease[i] === undefined) return 1;
    const order = compareIdentifiers(x.prerelease[i], y.prerelease[i]);
    if (order !== 0) return order;
  }
  return 0;
}

exports.gte = (a, b) => compare(a, b) >= 0;
