/**
 * `{ ...base, ...extra }` for the hot path. V8 is fast at copying an object (`{ ...base }`)
 * and at `Object.assign`, but a spread followed by more properties in one literal takes a
 * slow path: about 1.6 µs a record against 0.08 µs here (bench/, 10,000 sample events).
 */
export function extend<Base extends object, Extra extends object>(base: Base, extra: Extra): Base & Extra {
  return Object.assign({}, base, extra);
}
