/**
 * Components `for each account`: the payout is evaluated once per account of the participant's
 * team, with that account's own aggregates, and the component pays the sum of the accounts'
 * exact amounts (rounded once, as the line). Its floor, cap, gates and multipliers then apply to
 * the sum like any line's.
 *
 * The checker lets only money payouts through (a share of the component's target paid per
 * account would pay the target once per account, ACCOUNT_SHARE_OF_TARGET), so each account's
 * amount stands on its own.
 */
import { formatExactMinor } from '../money/format.js';
import type { AccountValues, Explanation, PlanInput } from './compiled-plan.js';
import { type Env, warn } from './expressions.js';
import type { CompiledPayout } from './payouts.js';

/** What an example evaluates as its one account: the givens are that account's values. */
export const EXAMPLE_ACCOUNT: AccountValues = Object.freeze({
  accountId: 'example',
  name: "the example's givens",
  aggregates: Object.freeze({}),
});

/** The account's input: the participant's, with the account's own aggregates over it. */
function accountInput(input: PlanInput, account: AccountValues): PlanInput {
  return { ...input, aggregates: { ...input.aggregates, ...account.aggregates } };
}

/** Wraps a component's payout so that it pays account by account and adds the accounts up. */
export function compileAccountPayout(inner: CompiledPayout, name: string, currency: string): CompiledPayout {
  return {
    run(env, target, explain) {
      const accounts = env.input.accounts ?? [];
      if (accounts.length === 0) {
        warn(
          env,
          'NO_ACCOUNTS',
          `"${name}" pays for each account of the team, but the team has no account in this stretch; it pays 0.`,
        );
      }
      let exact = 0;
      const children: Explanation[] = [];
      for (const account of accounts) {
        const accountEnv: Env = { ...env, input: accountInput(env.input, account) };
        const outcome = inner.run(accountEnv, target, explain);
        exact += outcome.exact;
        if (explain) {
          children.push({
            label: `account ${account.accountId}`,
            value: outcome.exact,
            unit: 'money',
            detail: `${account.name}: pays ${formatExactMinor(outcome.exact, currency)}`,
            children: outcome.explanation,
          });
        }
      }
      const explanation: Explanation[] = explain
        ? [
            {
              label: 'each account',
              value: exact,
              unit: 'money',
              detail: `sum of ${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}`,
              children,
            },
          ]
        : [];
      return { exact, attainment: null, explanation };
    },
    amount(env, target) {
      let exact = 0;
      for (const account of env.input.accounts ?? []) {
        const accountEnv: Env = { ...env, input: accountInput(env.input, account) };
        exact += inner.amount ? inner.amount(accountEnv, target) : inner.run(accountEnv, target, false).exact;
      }
      return exact;
    },
  };
}
