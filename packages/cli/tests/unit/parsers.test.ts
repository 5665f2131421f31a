import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import { parseNumber, parsePositiveInteger } from '../../src/parsers.js';
import { table } from '../../src/table.js';

describe('option parsers', () => {
  it('take finite numbers, and whole numbers of at least 1 where a count is asked for', () => {
    expect(parseNumber('0.25')).toBe(0.25);
    expect(parseNumber('-3')).toBe(-3);
    expect(parsePositiveInteger('8')).toBe(8);
  });

  it("refuse anything else with commander's argument error, saying what is expected", () => {
    for (const value of ['ten', 'Infinity', 'NaN'])
      expect(() => parseNumber(value)).toThrow(new InvalidArgumentError('not a number'));
    for (const value of ['0', '2.5', '-1', 'x'])
      expect(() => parsePositiveInteger(value)).toThrow(new InvalidArgumentError('must be an integer >= 1'));
  });
});

describe('table', () => {
  it('aligns the values after the longest label', () => {
    expect(
      table([
        ['sent', '10'],
        ['PutRecords calls', '2'],
      ]),
    ).toBe('  sent              10\n  PutRecords calls  2');
  });
});
