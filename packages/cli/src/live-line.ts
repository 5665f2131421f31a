/**
 * A status line that rewrites itself on a terminal and, when the output is a file or a pipe,
 * becomes a plain line every few seconds (no control characters in logs).
 */
export interface LiveLine {
  /** Redraws (TTY) or prints when due (not a TTY). */
  update(text: string): void;
  /** Prints a normal line above the status line. */
  log(text: string): void;
  /** Leaves the last status on its own line. */
  done(text?: string): void;
}

export function createLiveLine(stream: NodeJS.WriteStream = process.stdout, plainEveryMs = 5_000): LiveLine {
  const tty = stream.isTTY === true;
  let last = '';
  let lastPrinted = 0;
  const clear = () => {
    if (tty && last !== '') stream.write('\r\x1b[2K');
  };
  return {
    update(text) {
      if (tty) {
        const width = stream.columns ?? 200;
        stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, width - 1))}`);
      } else if (Date.now() - lastPrinted >= plainEveryMs) {
        stream.write(`${text}\n`);
        lastPrinted = Date.now();
      }
      last = text;
    },
    log(text) {
      clear();
      stream.write(`${text}\n`);
      if (tty && last !== '') stream.write(last);
    },
    done(text) {
      const final = text ?? last;
      if (tty) stream.write(`\r\x1b[2K${final}\n`);
      else if (final !== '') stream.write(`${final}\n`);
      last = '';
    },
  };
}
