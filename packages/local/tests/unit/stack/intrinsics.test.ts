// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Serverless and CloudFormation ${} syntax, not templates.
import { describe, expect, it } from '@jest/globals';
import { evaluate, type IntrinsicResolver } from '../../../src/stack/intrinsics.js';

const resolver: IntrinsicResolver = {
  ref: (name) =>
    ({ 'AWS::AccountId': '000000000000', 'AWS::Region': 'us-east-1', Bucket: 'my-bucket' })[name],
  getAtt: (id, attribute) => `${id}|${attribute}`,
  condition: (name) => name === 'IsProd',
  importValue: (name) => `imported:${name}`,
};
const ev = (value: unknown) => evaluate(value, resolver, 'test');

describe('evaluate', () => {
  it('substitutes pseudo parameters, refs, attributes and explicit variables in Fn::Sub', () => {
    expect(ev({ 'Fn::Sub': 'app-${AWS::AccountId}-${AWS::Region}' })).toBe('app-000000000000-us-east-1');
    expect(ev({ 'Fn::Sub': '${Bucket.Arn}/*' })).toBe('Bucket|Arn/*');
    expect(ev({ 'Fn::Sub': ['${x}-${!Literal}', { x: { Ref: 'Bucket' } }] })).toBe('my-bucket-${Literal}');
  });

  it('evaluates joins, selects, splits, conditions and imports', () => {
    expect(ev({ 'Fn::Join': ['-', ['a', { Ref: 'Bucket' }]] })).toBe('a-my-bucket');
    expect(ev({ 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y,z'] }] })).toBe('y');
    expect(ev({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(ev({ 'Fn::Not': [{ 'Fn::Equals': ['a', 'a'] }] })).toBe(false);
    expect(ev({ 'Fn::ImportValue': { 'Fn::Sub': 'app-${AWS::Region}-X' } })).toBe('imported:app-us-east-1-X');
  });

  it('drops properties set to AWS::NoValue', () => {
    expect(ev({ A: 1, B: { Ref: 'AWS::NoValue' }, C: [1, { Ref: 'AWS::NoValue' }] })).toEqual({
      A: 1,
      C: [1],
    });
  });

  it('names the function it cannot evaluate', () => {
    expect(() => ev({ Deep: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] } })).toThrow(
      'test.Deep (Fn::Cidr): Fn::Cidr is not supported',
    );
  });
});
