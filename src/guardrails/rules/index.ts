// The registry of guardrail lints, in ID order: the catalog (Guardrails.rules()) and every check come from here.
import { NP001 } from './np001-any-peer';
import { NP002 } from './np002-any-port';
import { NP003 } from './np003-internet-ingress';
import { NP004 } from './np004-or-trap';
import { NP005 } from './np005-dns';
import { NP006 } from './np006-name-label';
import { NP007 } from './np007-duplicate-names';
import { NP008 } from './np008-selects-nothing';
import { NP009 } from './np009-default-types';
import { NP010 } from './np010-ignored-rules';
import { NP011 } from './np011-api-warnings';
import { NP012 } from './np012-cloud-metadata';
import { LintRule } from '../rule';

export const LINT_RULES: readonly LintRule[] = [NP001, NP002, NP003, NP004, NP005, NP006, NP007, NP008, NP009, NP010, NP011, NP012];

const BY_ID = new Map(LINT_RULES.map((r) => [r.id, r]));

export const LINT_IDS: readonly string[] = LINT_RULES.map((r) => r.id);

/** The lint with this ID (any case, surrounding space ignored); throws naming the known IDs. */
export function lintRule(id: string): LintRule {
  const rule = BY_ID.get(id.trim().toUpperCase());
  if (!rule) throw new Error(`unknown lint "${id}": use one of ${LINT_IDS.join(', ')}`);
  return rule;
}
