/**
 * A deliberately simple reference for duplicate-key detection: a recursive-descent parser that
 * keeps every member (JSON.parse keeps only the last of a repeated key), and a walk in text
 * order. Slow and recursive, fine for tests; src/duplicate-keys.ts must agree with it.
 */

export type RefNode =
  | { type: 'object'; members: Array<[string, RefNode]> }
  | { type: 'array'; items: RefNode[] }
  | { type: 'scalar' };

/** Parses valid JSON text (as JSON.parse accepted it) keeping repeated keys. */
export function parseKeepingDuplicates(text: string): RefNode {
  let at = 0;
  const skipWhitespace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const readString = (): string => {
    const start = at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const readValue = (): RefNode => {
    skipWhitespace();
    const char = text[at];
    if (char === '{') {
      at++;
      const members: Array<[string, RefNode]> = [];
      skipWhitespace();
      if (text[at] === '}') {
        at++;
        return { type: 'object', members };
      }
      for (;;) {
        skipWhitespace();
        const key = readString();
        skipWhitespace();
        at++; // :
        members.push([key, readValue()]);
        skipWhitespace();
        if (text[at++] === '}') return { type: 'object', members };
      }
    }
    if (char === '[') {
      at++;
      const items: RefNode[] = [];
      skipWhitespace();
      if (text[at] === ']') {
        at++;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(readValue());
        skipWhitespace();
        if (text[at++] === ']') return { type: 'array', items };
      }
    }
    if (char === '"') {
      readString();
      return { type: 'scalar' };
    }
    while (at < text.length && !',]} \t\n\r'.includes(text[at]!)) at++;
    return { type: 'scalar' };
  };
  return readValue();
}

const token = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON Pointer of the first repeated key in text order, or undefined. */
export function referenceDuplicate(node: RefNode, path = ''): string | undefined {
  if (node.type === 'array') {
    for (const [index, item] of node.items.entries()) {
      const found = referenceDuplicate(item, `${path}/${index}`);
      if (found !== undefined) return found;
    }
  } else if (node.type === 'object') {
    const seen = new Set<string>();
    for (const [key, value] of node.members) {
      const at = `${path}/${token(key)}`;
      if (seen.has(key)) return at;
      seen.add(key);
      const found = referenceDuplicate(value, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export const referenceDuplicateIn = (text: string): string | undefined =>
  referenceDuplicate(parseKeepingDuplicates(text));
