/** fast-check arbitraries for hostile JSON texts. */
import fc from 'fast-check';

/**
 * Few keys, so objects often repeat one; spelled in ways that hide or fake a repeat: colons
 * (the duplicate proof counts them), a slash and a tilde (JSON Pointer escapes), non-ASCII.
 */
const KEYS = ['a', 'b', 'value', 'a:b', ':', '', 'x/y', '~', 'é', '🚀'];
/** Strings with colons, quotes, backslashes and escapes of each. */
const STRINGS = ['', 'x', '10:30:00', 'a:b:c', ':', 'say "hi"', 'C:\\dir', '\\u003a', 'line\nbreak', '🚀'];
const WHITESPACE = ['', '', '', ' ', '\n', '\t', '\r\n  '];

type Tree =
  | { object: Array<[string, Tree]> }
  | { array: Tree[] }
  | { scalar: string | number | boolean | null };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.constantFrom(...STRINGS), fc.integer(), fc.boolean(), fc.constant(null)).map((scalar) => ({
      scalar,
    })),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { maxLength: 5 }).map((object) => ({ object })),
    fc.array(tie('tree'), { maxLength: 4 }).map((array) => ({ array })),
  ),
})).tree;

/** How one string is written: plainly, with every character as a \u escape, or with colons escaped. */
const SPELLINGS = ['plain', 'unicode', 'colons'] as const;
type Spelling = (typeof SPELLINGS)[number];

function spell(text: string, spelling: Spelling): string {
  if (spelling === 'unicode')
    return `"${[...text].map((c) => [...c].map((_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')).join('')}"`;
  const plain = JSON.stringify(text);
  return spelling === 'colons' ? plain.replaceAll(':', '\\u003a') : plain;
}

/** Serialises a tree; `choices` (cycled) picks each string's spelling and each gap's whitespace. */
function serialise(root: Tree, choices: number[]): string {
  let next = 0;
  const pick = <T>(items: readonly T[]): T => items[choices[next++ % choices.length]! % items.length]!;
  const ws = (): string => pick(WHITESPACE);
  const write = (node: Tree): string => {
    if ('scalar' in node)
      return typeof node.scalar === 'string'
        ? spell(node.scalar, pick(SPELLINGS))
        : JSON.stringify(node.scalar);
    if ('array' in node)
      return `[${ws()}${node.array.map((item) => write(item)).join(`${ws()},${ws()}`)}${ws()}]`;
    const members = node.object.map(
      ([key, value]) => `${spell(key, pick(SPELLINGS))}${ws()}:${ws()}${write(value)}`,
    );
    return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
  };
  return write(root);
}

/** JSON object texts that often repeat keys, with escapes and whitespace anywhere JSON allows. */
export const objectTextWithRepeats: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tree), { maxLength: 6 }),
    fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
  )
  .map(([members, choices]) => serialise({ object: members }, choices));
