// The comparison rule shared with the native vectors suite (docs/architecture.md): objects by
// subset, arrays element by element with the same length, numbers within 0.005.
const TOLERANCE = 0.005;

/** Every way `actual` fails to match `expected`, as `path: what` lines (empty when it matches). */
export function subsetMismatches(expected, actual, path = '$') {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected the number ${expected}, got ${JSON.stringify(actual)}`];
    return Math.abs(expected - actual) <= TOLERANCE ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length) {
      return [`${path}: expected ${expected.length} elements, got ${actual.length}: ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((element, index) => subsetMismatches(element, actual[index], `${path}[${index}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, value]) =>
      key in actual ? subsetMismatches(value, actual[key], `${path}.${key}`) : [`${path}.${key}: missing`]);
  }
  return Object.is(expected, actual) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
