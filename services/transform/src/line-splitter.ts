/**
 * Splits text that arrives in chunks into lines, the way node:readline does with
 * `crlfDelay: Infinity`: a line ends at `\n`, `\r\n` or a lone `\r`; a `\r\n` split across
 * two chunks is one break; the text after the last break is a line of its own at the end.
 * Each chunk's lines come back together, so a caller can handle them synchronously instead
 * of awaiting each one (a promise per line is most of the cost of reading a large object).
 */
const LINE_BREAK = /\r\n|\n|\r/g;

export class LineSplitter {
  /** Text after the last break seen: the start of a line still being received. */
  private partial = '';

  /** The lines completed by `chunk`. */
  push(chunk: string): string[] {
    let text = this.partial + chunk;
    // A trailing `\r` may be the first half of `\r\n`: wait for the next chunk to know.
    const heldBack = text.endsWith('\r');
    if (heldBack) text = text.slice(0, -1);
    // Most objects hold no `\r` at all: splitting on one character is the faster path.
    const lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
    this.partial = lines.pop()! + (heldBack ? '\r' : '');
    return lines;
  }

  /** The last line, when the text does not end with a break. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    if (rest === '') return [];
    // A held-back `\r` at the very end was a line break after all.
    return [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
  }
}
