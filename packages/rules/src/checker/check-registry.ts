/**
 * The checks, registered per node kind. Adding a check is adding one function to a list here.
 * Each runs on its own: one that throws yields one INTERNAL_ERROR at its node, and the others
 * still run. Checks only read the checked plan (names and unit tables) and report.
 */
import type * as ast from '../parser/ast.js';
import { type CheckContext, report } from './check-context.js';
import { checkComponent, checkWeights } from './checks/components.js';
import { checkExample } from './checks/examples.js';
import { checkContextScope, checkDivision, checkMeasureRef, checkPopulation } from './checks/expressions.js';
import { checkHeader } from './checks/header.js';
import { checkCap, checkClawback, checkGate, checkMultiply, checkSelector } from './checks/modifiers.js';
import { checkGoalContexts, refuseAccountScope, refuseAllTeams } from './checks/scopes.js';

/** Every kind of node in the tree, the plan's and the ones inside declarations. */
export type AnyNode =
  | ast.AstNode
  | ast.HeaderItem
  | ast.Payout
  | ast.TableRow
  | ast.Selector
  | ast.GivenItem
  | ast.GivenTarget
  | ast.Expectation
  | ast.Filter;

export type NodeKind = AnyNode['kind'];

/** A check of one kind of node. */
export type Check<K extends NodeKind = NodeKind> = (
  ctx: CheckContext,
  node: Extract<AnyNode, { kind: K }>,
) => void;

/** The checks to run on each kind of node, in order. */
export type CheckRegistry = { readonly [K in NodeKind]?: readonly Check<K>[] };

/** The checker's checks. */
export const checks: CheckRegistry = {
  Plan: [checkHeader, checkWeights, checkGoalContexts],
  ComponentDecl: [checkComponent, refuseAllTeams],
  GateDecl: [checkGate],
  MultiplyDecl: [checkMultiply],
  CapDecl: [checkCap],
  ClawbackDecl: [checkClawback],
  ExampleDecl: [checkExample],
  Selector: [checkSelector],
  ScopeSpec: [refuseAccountScope],
  ContextExpr: [checkContextScope, refuseAllTeams],
  GivenMeasure: [refuseAllTeams],
  GivenGoal: [refuseAllTeams],
  MeasureRef: [checkMeasureRef],
  BinaryExpr: [checkDivision],
  PopulationExpr: [checkPopulation],
};

/** Runs the registered checks on every node of the plan, parents before children, in text order. */
export function runChecks(ctx: CheckContext, registry: CheckRegistry = checks): void {
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as AnyNode;
    if (typeof record.kind === 'string') {
      for (const check of (registry[record.kind] ?? []) as readonly Check[]) runOne(ctx, check, record);
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'range') visit(value);
  };
  visit(ctx.checked.plan);
}

function runOne(ctx: CheckContext, check: Check, node: AnyNode): void {
  try {
    check(ctx, node as never);
  } catch (error) {
    // A bug of ours must not hide the other problems of the text: this check fails alone, here.
    report(
      ctx,
      'error',
      'INTERNAL_ERROR',
      `The checker failed here (${check.name || 'a check'}: ${error instanceof Error ? error.message : String(error)}). The other checks still ran; please report this one.`,
      node.range ?? { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
    );
  }
}
