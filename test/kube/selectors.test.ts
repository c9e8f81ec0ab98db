import { decodeStringMap, Labels } from '../../src/kube/labels';
import { compileSelector, describeSelector, isEmptySelector, requiredLabel, selectorCovers, selectorMatches } from '../../src/kube/selectors';

const PROTOTYPE_KEYS = ['toString', 'valueOf', 'constructor', 'hasOwnProperty', '__proto__'];

/** Labels as the decoder hands them out (parsed JSON, so `__proto__` is an own key). */
function labels(json: string): Labels {
  return decodeStringMap(JSON.parse(json));
}

/** A selector from JSON text, so that `__proto__` is an own key as in any decoded manifest. */
function selector(json: string) {
  return compileSelector(JSON.parse(json));
}

function exists(key: string, operator: 'Exists' | 'DoesNotExist') {
  return compileSelector({ matchExpressions: [{ key, operator }] });
}

describe('compileSelector', () => {
  test('sorts matchLabels and expression values, so equal selectors share a key', () => {
    const a = compileSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['z', 'y'] }] });
    const b = compileSelector({ matchLabels: { a: '1', b: '2' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['y', 'z'] }] });
    expect(a.matchLabels).toEqual([['a', '1'], ['b', '2']]);
    expect(a.requirements).toEqual([{ key: 'tier', operator: 'In', values: ['y', 'z'] }]);
    expect(a.key).toBe(b.key);
  });

  test('reads a null selector and a null matchLabels as {}, which selects everything', () => {
    expect(isEmptySelector(compileSelector(null))).toBe(true);
    expect(isEmptySelector(compileSelector({ matchLabels: null, matchExpressions: null }))).toBe(true);
  });

  test('reads a null label value as ""', () => {
    expect(compileSelector({ matchLabels: { track: null } }).matchLabels).toEqual([['track', '']]);
  });

  test.each(PROTOTYPE_KEYS)('compiles matchLabels "%s" as a plain key', (key) => {
    const s = selector(`{"matchLabels": {${JSON.stringify(key)}: "x"}}`);
    expect(s.matchLabels).toEqual([[key, 'x']]);
    expect(isEmptySelector(s)).toBe(false);
  });

  test('returns a frozen selector', () => {
    const s = compileSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.matchLabels)).toBe(true);
    expect(Object.isFrozen(s.requirements[0].values)).toBe(true);
  });
});

describe('selectorMatches', () => {
  test.each(PROTOTYPE_KEYS)('matchLabels {%s: x} matches a pod with that label', (key) => {
    const s = selector(`{"matchLabels": {${JSON.stringify(key)}: "x"}}`);
    expect(selectorMatches(s, labels(`{${JSON.stringify(key)}: "x"}`))).toBe(true);
  });

  test.each(PROTOTYPE_KEYS)('fails if a pod without the label "%s" is matched by matchLabels {%s: x}', (key) => {
    const s = selector(`{"matchLabels": {${JSON.stringify(key)}: "x"}}`);
    expect(selectorMatches(s, labels('{"app": "web"}'))).toBe(false);
    expect(selectorMatches(s, { app: 'web' })).toBe(false);
    expect(selectorMatches(s, labels(`{${JSON.stringify(key)}: "y"}`))).toBe(false);
  });

  test.each(PROTOTYPE_KEYS)('Exists and DoesNotExist on "%s" look at own labels only', (key) => {
    const withIt = labels(`{${JSON.stringify(key)}: "x"}`);
    const without = labels('{"app": "web"}');
    expect(selectorMatches(exists(key, 'Exists'), withIt)).toBe(true);
    expect(selectorMatches(exists(key, 'Exists'), without)).toBe(false);
    expect(selectorMatches(exists(key, 'Exists'), { app: 'web' })).toBe(false);
    expect(selectorMatches(exists(key, 'DoesNotExist'), withIt)).toBe(false);
    expect(selectorMatches(exists(key, 'DoesNotExist'), without)).toBe(true);
    expect(selectorMatches(exists(key, 'DoesNotExist'), { app: 'web' })).toBe(true);
  });

  test.each(PROTOTYPE_KEYS)('In and NotIn on "%s" look at own labels only', (key) => {
    const isIn = compileSelector({ matchExpressions: [{ key, operator: 'In', values: ['x'] }] });
    const notIn = compileSelector({ matchExpressions: [{ key, operator: 'NotIn', values: ['x'] }] });
    expect(selectorMatches(isIn, labels(`{${JSON.stringify(key)}: "x"}`))).toBe(true);
    expect(selectorMatches(isIn, labels('{}'))).toBe(false);
    expect(selectorMatches(notIn, labels(`{${JSON.stringify(key)}: "x"}`))).toBe(false);
    expect(selectorMatches(notIn, labels('{}'))).toBe(true);
  });

  test.each([['""', '""'], ['null', '""'], ['""', 'null'], ['null', 'null']])('matchLabels {track: %s} matches a pod labelled track: %s', (selectorValue, podValue) => {
    expect(selectorMatches(selector(`{"matchLabels": {"track": ${selectorValue}}}`), labels(`{"track": ${podValue}}`))).toBe(true);
  });

  test.each([['""'], ['null']])('fails if matchLabels {track: %s} matches a pod without track, or with another value', (selectorValue) => {
    const s = selector(`{"matchLabels": {"track": ${selectorValue}}}`);
    expect(selectorMatches(s, labels('{"app": "web"}'))).toBe(false);
    expect(selectorMatches(s, labels('{"track": "stable"}'))).toBe(false);
  });

  test('In with an empty value matches only that value', () => {
    const s = compileSelector({ matchExpressions: [{ key: 'track', operator: 'In', values: [''] }] });
    expect(selectorMatches(s, labels('{"track": null}'))).toBe(true);
    expect(selectorMatches(s, labels('{}'))).toBe(false);
    expect(selectorMatches(s, labels('{"track": "x"}'))).toBe(false);
  });

  test('NotIn matches pods without the key, as apimachinery does', () => {
    const s = compileSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] });
    expect(selectorMatches(s, labels('{}'))).toBe(true);
    expect(selectorMatches(s, labels('{"tier": "web"}'))).toBe(true);
    expect(selectorMatches(s, labels('{"tier": "db"}'))).toBe(false);
  });

  test('requires every matchLabels pair AND every expression', () => {
    const s = compileSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] });
    expect(selectorMatches(s, labels('{"app": "web", "tier": "a"}'))).toBe(true);
    expect(selectorMatches(s, labels('{"app": "web"}'))).toBe(false);
    expect(selectorMatches(s, labels('{"tier": "a"}'))).toBe(false);
  });

  test('fails if an unknown operator matches anything', () => {
    expect(selectorMatches(compileSelector({ matchExpressions: [{ key: 'a', operator: 'exists' }] }), labels('{"a": "x"}'))).toBe(false);
  });

  test('the empty selector matches every pod, one without labels included', () => {
    expect(selectorMatches(compileSelector({}), labels('{}'))).toBe(true);
  });
});

describe('requiredLabel', () => {
  test.each(PROTOTYPE_KEYS)('is the value of "%s" when matchLabels requires it', (key) => {
    expect(requiredLabel(selector(`{"matchLabels": {${JSON.stringify(key)}: "x"}}`), key)).toBe('x');
  });

  test.each(PROTOTYPE_KEYS)('fails if a selector without "%s" requires it', (key) => {
    expect(requiredLabel(compileSelector({ matchLabels: { app: 'web' } }), key)).toBeUndefined();
  });

  test('tells a required empty value from none', () => {
    expect(requiredLabel(compileSelector({ matchLabels: { track: null } }), 'track')).toBe('');
    expect(requiredLabel(compileSelector({ matchExpressions: [{ key: 'track', operator: 'Exists' }] }), 'track')).toBeUndefined();
  });
});

describe('selectorCovers', () => {
  test('the empty selector covers every selector', () => {
    expect(selectorCovers(compileSelector({}), compileSelector({ matchLabels: { app: 'web' } }))).toBe(true);
  });

  test('a selector covers a narrower one', () => {
    const outer = compileSelector({ matchLabels: { app: 'web' } });
    expect(selectorCovers(outer, compileSelector({ matchLabels: { app: 'web', tier: 'a' } }))).toBe(true);
    expect(selectorCovers(compileSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }),
      compileSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }))).toBe(true);
  });

  test('fails if the outer selector requires a label the inner one does not', () => {
    expect(selectorCovers(compileSelector({ matchLabels: { app: 'web', tier: 'a' } }), compileSelector({ matchLabels: { app: 'web' } }))).toBe(false);
  });

  test.each(PROTOTYPE_KEYS)('covers by "%s" only when the inner selector requires it too', (key) => {
    const outer = selector(`{"matchLabels": {${JSON.stringify(key)}: "x"}}`);
    expect(selectorCovers(outer, selector(`{"matchLabels": {${JSON.stringify(key)}: "x", "app": "web"}}`))).toBe(true);
    expect(selectorCovers(outer, compileSelector({ matchLabels: { app: 'web' } }))).toBe(false);
    expect(selectorCovers(outer, compileSelector({}))).toBe(false);
  });

  test.each(PROTOTYPE_KEYS)('Exists on "%s" covers only a selector that fixes "%s"', (key) => {
    expect(selectorCovers(exists(key, 'Exists'), selector(`{"matchLabels": {${JSON.stringify(key)}: "x"}}`))).toBe(true);
    expect(selectorCovers(exists(key, 'Exists'), compileSelector({ matchLabels: { app: 'web' } }))).toBe(false);
  });

  test('an empty required value covers only selectors requiring the empty value', () => {
    const outer = compileSelector({ matchLabels: { track: '' } });
    expect(selectorCovers(outer, compileSelector({ matchLabels: { track: null, app: 'web' } }))).toBe(true);
    expect(selectorCovers(outer, compileSelector({ matchLabels: { app: 'web' } }))).toBe(false);
  });

  test('fails if NotIn is judged covered by a selector that allows one of its values', () => {
    const outer = compileSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] });
    expect(selectorCovers(outer, compileSelector({ matchLabels: { tier: 'web' } }))).toBe(true);
    expect(selectorCovers(outer, compileSelector({ matchLabels: { tier: 'db' } }))).toBe(false);
    expect(selectorCovers(outer, compileSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'web'] }] }))).toBe(false);
  });
});

describe('describeSelector', () => {
  test('writes apimachinery notation in braces', () => {
    const s = compileSelector({
      matchLabels: { role: 'db' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(describeSelector(s)).toBe('{role=db, tier in (a,b), env notin (dev), team, !legacy}');
  });

  test('shows prototype-named keys and empty values as written', () => {
    expect(describeSelector(selector('{"matchLabels": {"toString": "x", "track": null}}'))).toBe('{toString=x, track=}');
    expect(describeSelector(compileSelector({}))).toBe('{}');
  });
});
