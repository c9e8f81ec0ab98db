import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  addScopeMetadata,
  formatIntent,
  intentForRule,
  formatSuppressions,
  GUARDRAILS_METADATA,
  guardrailSettingsOf,
  NO_INTENT,
  nearestGuardrails,
  parseIntent,
  parseSuppressions,
  ruleFingerprint,
  PolicyIntent,
  PolicyIntentFlag,
  recordsIntent,
  RuleIntent,
  SUPPRESSION_METADATA,
  suppressionsAbove,
  uniqueSuppressions,
} from '../../src/kube/intent';

function intent(rules: [string, RuleIntent[]][], flags: PolicyIntentFlag[] = []): PolicyIntent {
  return { rules: new Map(rules.map(([k, v]) => [k, new Set(v)])), flags: new Set(flags) };
}

/** The intent as plain data, for toEqual. */
function plain(i: PolicyIntent): { rules: [string, string[]][]; flags: string[] } {
  return { rules: [...i.rules].map(([k, v]) => [k, [...v].sort()]), flags: [...i.flags] };
}

describe('formatIntent', () => {
  test('writes each rule with its intents in a fixed order, then the flags', () => {
    expect(formatIntent(intent([['ingress[0]', ['any-port', 'any-peer']], ['egress[1]', ['dns']]], ['no-dns'])))
      .toBe('ingress[0]: any-peer any-port; egress[1]: dns; no-dns');
  });

  test('leaves out rules without intent, and says nothing when nothing is deliberate', () => {
    expect(formatIntent(intent([['ingress[0]', []], ['ingress[1]', ['or-peers']]]))).toBe('ingress[1]: or-peers');
    expect(formatIntent(intent([['ingress[0]', []]]))).toBeUndefined();
    expect(formatIntent(NO_INTENT)).toBeUndefined();
  });
});

describe('parseIntent', () => {
  test.each([
    'ingress[0]: any-port',
    'ingress[0]: any-peer any-port; ingress[1]: or-peers',
    'ingress[0]: any-port; egress[0]: any-port; no-dns',
    'egress[3]: dns',
    'no-dns',
  ])('round-trips "%s"', (text) => {
    expect(formatIntent(parseIntent(text))).toBe(text);
  });

  test('round-trips every intent of every rule', () => {
    const all = intent([['ingress[0]', ['any-peer', 'any-port', 'or-peers', 'dns']], ['egress[12]', ['dns']]], ['no-dns']);
    expect(plain(parseIntent(formatIntent(all)))).toEqual(plain(all));
  });

  test('ignores words and parts it does not know, so newer writers stay readable', () => {
    const read = parseIntent('ingress[0]: any-port some-future-word; egress[1]: tomorrow; future-flag; sidecar[0]: any-port; no-dns');
    expect(plain(read)).toEqual({ rules: [['ingress[0]', ['any-port']], ['egress[1]', []]], flags: ['no-dns'] });
    expect(formatIntent(read)).toBe('ingress[0]: any-port; no-dns');
  });

  test('tolerates spacing and merges a rule given twice', () => {
    expect(plain(parseIntent('  ingress[0] :any-peer ;ingress[0]:   any-port ;;'))).toEqual({ rules: [['ingress[0]', ['any-peer', 'any-port']]], flags: [] });
  });

  test('fails if a rule in the wrong case is read (rule IDs are exact)', () => {
    expect(parseIntent('Ingress[0]: any-port').rules.size).toBe(0);
    expect(parseIntent('ingress[0]: ANY-PORT').rules.get('ingress[0]')?.size ?? 0).toBe(0);
  });

  test('reads no annotation as no intent', () => {
    expect(parseIntent(undefined)).toBe(NO_INTENT);
    expect(plain(parseIntent(''))).toEqual({ rules: [], flags: [] });
  });
});

describe('intentForRule', () => {
  const portless = { from: [{ podSelector: { matchLabels: { app: 'api' } } }] };
  const other = { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] };

  test('without fingerprints, is the intents recorded at the rule\'s position (a hand-written annotation)', () => {
    const i = parseIntent('ingress[0]: any-port');
    expect([...intentForRule(i, 'ingress[0]', portless)]).toEqual(['any-port']);
    expect(intentForRule(i, 'egress[0]', portless).size).toBe(0);
  });

  test('with fingerprints, follows the rule\'s content wherever it moved, key order aside', () => {
    const i = parseIntent(`ingress[0]@${ruleFingerprint(portless)}: any-port`);
    expect([...intentForRule(i, 'ingress[1]', { from: [{ podSelector: { matchLabels: { app: 'api' } } }] })]).toEqual(['any-port']);
    expect(ruleFingerprint({ b: 1, a: [2, { d: 3, c: 4 }] })).toEqual(ruleFingerprint({ a: [2, { c: 4, d: 3 }], b: 1 }));
  });

  test('fails if another rule at the recorded position inherits the intent', () => {
    const i = parseIntent(`ingress[0]@${ruleFingerprint(portless)}: any-port`);
    expect(intentForRule(i, 'ingress[0]', other).size).toBe(0);
  });
});

describe('parseSuppressions', () => {
  test('reads IDs with optional reasons, a reason with commas included', () => {
    expect(parseSuppressions('NP003 (public, by design), np005')).toEqual([
      { id: 'NP003', reason: 'public, by design' },
      { id: 'NP005', reason: '' },
    ]);
  });

  test('reads IDs separated by spaces, and upper-cases them', () => {
    expect(parseSuppressions('np001 NP002(why)  Np009')).toEqual([
      { id: 'NP001', reason: '' },
      { id: 'NP002', reason: 'why' },
      { id: 'NP009', reason: '' },
    ]);
  });

  test('keeps one suppression per ID, with the first reason given for it', () => {
    expect(parseSuppressions('NP003, NP003 (public), NP003 (other)')).toEqual([{ id: 'NP003', reason: 'public' }]);
    expect(parseSuppressions('NP002 (a), np002')).toEqual([{ id: 'NP002', reason: 'a' }]);
  });

  test('trims reasons and reads no annotation as none', () => {
    expect(parseSuppressions('NP003 (  public  )')).toEqual([{ id: 'NP003', reason: 'public' }]);
    expect(parseSuppressions(undefined)).toEqual([]);
    expect(parseSuppressions('')).toEqual([]);
  });
});

describe('formatSuppressions', () => {
  test('round-trips through parseSuppressions', () => {
    const text = 'NP003 (public, by design), NP005';
    expect(formatSuppressions(parseSuppressions(text))).toBe(text);
  });

  test('writes each ID once, keeping a reason over none, and drops parentheses from reasons', () => {
    expect(formatSuppressions([{ id: 'NP003', reason: '' }, { id: 'NP003', reason: 'public (by design)' }, { id: 'NP001', reason: '' }]))
      .toBe('NP003 (public by design), NP001');
  });

  test('says nothing when nothing is suppressed', () => {
    expect(formatSuppressions([])).toBeUndefined();
  });
});

describe('uniqueSuppressions', () => {
  test('keeps the first reason given for an ID, in first-seen order', () => {
    expect(uniqueSuppressions([{ id: 'NP002', reason: '' }, { id: 'NP001', reason: 'a' }, { id: 'NP002', reason: 'b' }, { id: 'NP001', reason: 'c' }]))
      .toEqual([{ id: 'NP002', reason: 'b' }, { id: 'NP001', reason: 'a' }]);
  });
});

describe('construct metadata', () => {
  function tree() {
    const chart = Testing.chart();
    const group = new Construct(chart, 'Group');
    const leaf = new Construct(group, 'Leaf');
    return { chart, group, leaf };
  }

  test('later enable settings win for what they mention; ignores add up', () => {
    const { chart } = tree();
    addScopeMetadata(chart, GUARDRAILS_METADATA, { strict: true, ignore: ['NP001'] });
    addScopeMetadata(chart, GUARDRAILS_METADATA, { recordIntent: false, ignore: ['NP002'] });
    expect(guardrailSettingsOf(chart)).toEqual({ strict: true, recordIntent: false, ignore: ['NP001', 'NP002'] });
  });

  test('the nearest enabled scope decides whether intent is recorded', () => {
    const { chart, group, leaf } = tree();
    expect(nearestGuardrails(leaf)).toBeUndefined();
    expect(recordsIntent(leaf)).toBe(false);
    addScopeMetadata(chart, GUARDRAILS_METADATA, { ignore: [] });
    expect(nearestGuardrails(leaf)).toBe(chart);
    expect(recordsIntent(leaf)).toBe(true);
    addScopeMetadata(group, GUARDRAILS_METADATA, { recordIntent: false, ignore: [] });
    expect(nearestGuardrails(leaf)).toBe(group);
    expect(recordsIntent(leaf)).toBe(false);
  });

  test('suppressions come from the construct and every scope above it, outermost first', () => {
    const { chart, group, leaf } = tree();
    addScopeMetadata(chart, GUARDRAILS_METADATA, { ignore: ['NP009'] });
    addScopeMetadata(group, SUPPRESSION_METADATA, { id: 'NP003', reason: 'public' });
    addScopeMetadata(leaf, SUPPRESSION_METADATA, { id: 'NP001', reason: 'on purpose' });
    expect(suppressionsAbove(leaf)).toEqual([
      { id: 'NP009', reason: '' },
      { id: 'NP003', reason: 'public' },
      { id: 'NP001', reason: 'on purpose' },
    ]);
    expect(suppressionsAbove(group)).toEqual([{ id: 'NP009', reason: '' }, { id: 'NP003', reason: 'public' }]);
  });
});
