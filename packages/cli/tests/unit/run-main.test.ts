import { describe, expect, it } from '@jest/globals';
import { CommanderError } from 'commander';
import { errorLine, toolCommand } from '../../src/run-main.js';

describe('errorLine', () => {
  it('is the message alone, on one line, for the errors a tool reports', () => {
    expect(errorLine(new Error('no local stack at x: start it first'))).toBe(
      'no local stack at x: start it first',
    );
    expect(errorLine(new Error('first line\n  second line'))).toBe('first line second line');
    expect(errorLine('a string')).toBe('a string');
  });

  it("names the type of an error that is a bug, and drops commander's prefix", () => {
    expect(errorLine(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      "TypeError: Cannot read properties of undefined (reading 'x')",
    );
    expect(errorLine(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(
      "unknown option '--x'",
    );
  });
});

describe('toolCommand', () => {
  const command = () =>
    toolCommand('npm run tool --').option('--count <n>', 'a count', (value) => {
      if (value !== '1') throw new CommanderError(1, 'commander.invalidArgument', 'must be 1');
      return 1;
    });

  it('throws a bad flag to the caller instead of printing it and exiting', () => {
    expect(() => command().parse(['--nope'], { from: 'user' })).toThrow("error: unknown option '--nope'");
    expect(() => command().parse(['--count', '2'], { from: 'user' })).toThrow(
      "error: option '--count <n>' argument '2' is invalid. must be 1",
    );
  });

  it('ends --help with an error of status 0, for runMain to exit quietly', () => {
    const help = command().configureOutput({ writeOut: () => undefined });
    let thrown: unknown;
    try {
      help.parse(['--help'], { from: 'user' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CommanderError);
    expect((thrown as CommanderError).exitCode).toBe(0);
  });
});
