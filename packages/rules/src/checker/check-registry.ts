/**
 * The checks, registered per node kind. Adding a check is adding one function to a list here.
 * Each runs on its own: one that throws yields one INTERNAL_ERROR at its node, and the others
 * still run. Checks only read the checked plan (names and unit tables) and report.
 */
import type * as ast from '../parser/ast.js';
import { type CheckContext, report } from './check-context.js';
import {
  checkAccountClawback,
  checkAccountComponent,
  checkAccountScopePlacement,
} from './checks/accounts.js';
import { checkSalaryShare } from './checks/base-salary.js';
import { checkComponentCodes } from './checks/codes.js';
import { checkComponent, checkWeights } from './checks/components.js';
import { checkDraw } from './checks/draws.js';
import { checkExample } from './checks/examples.js';
import {
  checkContextScope,
  checkDivision,
  checkMeasureRef,
  checkPopulationOperand,
  checkPopulationStated,
} from './checks/expressions.js';
import { checkHeader } from './checks/header.js';
import { checkHold } from './checks/holds.js';
import { checkCap, checkClawback, checkGate, checkMultiply, checkSelector } from './checks/modifiers.js';
import { checkCurveApply, refuseTablePerDeal } from './checks/per-deal.js';
import { checkGoalRule } from './checks/quotas.js';
import { checkGoalContexts, refuseAllTeams } from './checks/scopes.js';
import { checkSpiff } from './checks/spiffs.js';

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

/**
 * The checker's checks, run on a node after the checks of the nodes inside it: a problem inside
 * an expression is reported before what it means for the declaration around it.
 */
export const checks: CheckRegistry = {
  Plan: [checkWeights, checkGoalContexts, checkComponentCodes],
  ComponentDecl: [checkComponent, refuseAllTeams, checkAccountComponent],
  GateDecl: [checkGate],
  MultiplyDecl: [checkMultiply],
  CapDecl: [checkCap],
  ClawbackDecl: [checkClawback, checkAccountClawback],
  DrawDecl: [checkDraw],
  HoldDecl: [checkHold],
  ExampleDecl: [checkExample],
  Selector: [checkSelector],
  TargetIncentiveItem: [checkSalaryShare],
  ContextExpr: [refuseAllTeams, checkAccountScopePlacement],
  GivenMeasure: [refuseAllTeams, checkAccountScopePlacement],
  GivenGoal: [refuseAllTeams, checkAccountScopePlacement],
  MeasureRef: [checkMeasureRef],
  BinaryExpr: [checkDivision],
  PopulationExpr: [checkPopulationOperand],
  CurvePayout: [checkCurveApply],
  TablePayout: [refuseTablePerDeal],
  AmountPayout: [checkSpiff],
  GoalRuleItem: [checkGoalRule],
};

/** The few checks that speak about a node before anything inside it: what the node itself omits. */
export const checksBefore: CheckRegistry = {
  Plan: [checkHeader],
  ContextExpr: [checkContextScope],
  PopulationExpr: [checkPopulationStated],
};

/** Runs the registered checks on every node of the plan, in text order. */
export function runChecks(
  ctx: CheckContext,
  after: CheckRegistry = checks,
  before: CheckRegistry = checksBefore,
): void {
  const run = (registry: CheckRegistry, node: AnyNode) => {
    for (const check of (registry[node.kind] ?? []) as readonly Check[]) runOne(ctx, check, node);
  };
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as AnyNode;
    const isNode = typeof record.kind === 'string';
    if (isNode) run(before, record);
    for (const [key, value] of Object.entries(record)) if (key !== 'range') visit(value);
    if (isNode) run(after, record);
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
