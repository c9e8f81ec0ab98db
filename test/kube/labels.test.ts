import { decodeStringMap, describeLabels, hasLabel, labelsOf, labelValue } from '../../src/kube/labels';

const PROTOTYPE_KEYS = ['toString', 'valueOf', 'constructor', 'hasOwnProperty', '__proto__'];

describe('decodeStringMap', () => {
  test('keeps prototype-named keys of JSON as plain own keys, in a null-prototype map', () => {
    const labels = decodeStringMap(JSON.parse('{"__proto__": "a", "toString": "b", "constructor": "c", "valueOf": "d"}'));
    expect(Object.getPrototypeOf(labels)).toBeNull();
    expect(Object.keys(labels)).toEqual(['__proto__', 'toString', 'constructor', 'valueOf']);
    expect(labelValue(labels, '__proto__')).toBe('a');
    expect(labelValue(labels, 'toString')).toBe('b');
    expect(labelValue(labels, 'constructor')).toBe('c');
    expect(labelValue(labels, 'valueOf')).toBe('d');
  });

  test('decodes null as "" and keeps the key, as a Go map[string]string does', () => {
    const labels = decodeStringMap({ track: null, app: 'web' });
    expect(hasLabel(labels, 'track')).toBe(true);
    expect(labelValue(labels, 'track')).toBe('');
    expect({ ...labels }).toEqual({ track: '', app: 'web' });
  });

  test('reads numbers and booleans as their text', () => {
    expect({ ...decodeStringMap({ port: 8080, canary: true, off: false }) }).toEqual({ port: '8080', canary: 'true', off: 'false' });
  });

  test('leaves out values that are not scalars', () => {
    expect({ ...decodeStringMap({ nested: { a: 'b' }, list: ['x'], app: 'web' }) }).toEqual({ app: 'web' });
  });

  test.each([[null], [undefined], ['app=web'], [['app', 'web']], [42]])('reads %p as no labels', (value) => {
    const labels = decodeStringMap(value);
    expect(Object.keys(labels)).toEqual([]);
    expect(Object.getPrototypeOf(labels)).toBeNull();
  });

  test('returns a frozen map', () => {
    expect(Object.isFrozen(decodeStringMap({ app: 'web' }))).toBe(true);
    expect(Object.isFrozen(decodeStringMap(undefined))).toBe(true);
  });
});

describe('hasLabel', () => {
  test.each(PROTOTYPE_KEYS)('fails if the only "%s" is an inherited member', (key) => {
    expect(hasLabel({ app: 'web' }, key)).toBe(false);
    expect(hasLabel(decodeStringMap({ app: 'web' }), key)).toBe(false);
  });

  test.each(PROTOTYPE_KEYS)('finds "%s" when it is a label', (key) => {
    expect(hasLabel(labelsOf([[key, 'x']]), key)).toBe(true);
  });
});

describe('labelValue', () => {
  test.each(PROTOTYPE_KEYS)('is undefined for an absent "%s", not an inherited member', (key) => {
    expect(labelValue({ app: 'web' }, key)).toBeUndefined();
  });

  test('tells an empty value from an absent one', () => {
    const labels = labelsOf([['track', '']]);
    expect(labelValue(labels, 'track')).toBe('');
    expect(labelValue(labels, 'tier')).toBeUndefined();
  });
});

describe('labelsOf', () => {
  test('stores __proto__ as a key, without changing the prototype', () => {
    const labels = labelsOf([['__proto__', 'x'], ['app', 'web']]);
    expect(Object.getPrototypeOf(labels)).toBeNull();
    expect(Object.keys(labels)).toEqual(['__proto__', 'app']);
    expect(labelValue(labels, '__proto__')).toBe('x');
  });

  test('keeps the last value of a key given twice', () => {
    expect(labelValue(labelsOf([['app', 'a'], ['app', 'b']]), 'app')).toBe('b');
  });
});

describe('describeLabels', () => {
  test('lists every label, prototype-named ones included', () => {
    expect(describeLabels(labelsOf([['app', 'web'], ['toString', 'x'], ['track', '']]))).toBe('{app=web, toString=x, track=}');
  });

  test('shows no labels as {}', () => {
    expect(describeLabels(decodeStringMap(undefined))).toBe('{}');
  });
});
