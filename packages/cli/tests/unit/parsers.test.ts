import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import {
  parseIntegerWithin,
  parseNonNegativeNumber,
  parseNumber,
  parsePositiveInteger,
  parsePositiveNumber,
  parseStage,
} from '../../src/parsers.js';
import { producerSettingParser } from '../../src/producer-options.js';
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
    for (const value of ['', ' '])
      expect(() => parseNumber(value)).toThrow(new InvalidArgumentError('not a number'));
  });

  it('take a number of at least 0 where a wait is asked for', () => {
    expect(parseNonNegativeNumber('0')).toBe(0);
    expect(parseNonNegativeNumber('2.5')).toBe(2.5);
    expect(() => parseNonNegativeNumber('-1')).toThrow(new InvalidArgumentError('must be a number >= 0'));
  });

  it('take a number above 0 where a rate is asked for', () => {
    expect(parsePositiveNumber('0.5')).toBe(0.5);
    for (const value of ['0', '-5', 'fast', '', 'Infinity'])
      expect(() => parsePositiveNumber(value)).toThrow(new InvalidArgumentError('must be a number > 0'));
  });

  it('take a whole number within bounds, saying where the bounds come from', () => {
    const months = parseIntegerWithin(1, 120);
    expect(months('1')).toBe(1);
    expect(months('120')).toBe(120);
    for (const value of ['0', '121', '1.5', 'x'])
      expect(() => months(value)).toThrow(new InvalidArgumentError('must be an integer from 1 to 120'));
    expect(() => parseIntegerWithin(1, 10, 'a limit')('11')).toThrow(
      new InvalidArgumentError('must be an integer from 1 to 10 (a limit)'),
    );
  });

  it('take a stage name that can be part of a bucket name, and nothing else', () => {
    for (const stage of ['dev', 'prod', 'pr-42', 'abcdefghij']) expect(parseStage(stage)).toBe(stage);
    for (const stage of ['Bad_Stage!', 'thisstageistoolong', 'Prod', '1dev', '', 'dev.1'])
      expect(() => parseStage(stage)).toThrow(/use 1-10 lower-case letters, digits or hyphens/);
  });

  it("check each producer flag by its setting's rule", () => {
    expect(producerSettingParser('rate')('2.5')).toBe(2.5);
    expect(() => producerSettingParser('rate')('-5')).toThrow(
      new InvalidArgumentError('must be a number > 0'),
    );
    expect(() => producerSettingParser('seed')('1.5')).toThrow(
      new InvalidArgumentError('must be an integer'),
    );
    expect(() => producerSettingParser('invalidFraction')('2')).toThrow(
      new InvalidArgumentError('must be within 0..1'),
    );
    expect(() => producerSettingParser('batchSize')('ten')).toThrow(new InvalidArgumentError('not a number'));
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
