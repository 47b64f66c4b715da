import { describe, expect, it } from 'vitest';
import { homeFor, mayOpen, navFor } from '../src/navigation';

describe('navigation by role', () => {
  it('shows each role only the pages the API lets its key use', () => {
    expect(navFor('admin').map((item) => item.label)).toEqual(['Plans', 'Payouts', 'Backtests', 'Imports']);
    expect(navFor('analyst').map((item) => item.label)).toEqual(['Plans', 'Payouts', 'Backtests']);
    expect(navFor('service').map((item) => item.label)).toEqual(['Payouts']);
    expect(navFor('participant').map((item) => item.label)).toEqual(['My statements', 'What if']);
  });

  it('lands each role on its first page', () => {
    expect(homeFor('admin')).toBe('/plans');
    expect(homeFor('service')).toBe('/payouts');
    expect(homeFor('participant')).toBe('/me');
  });

  it('refuses a participant the plan and payout pages, and their sub-pages, by URL', () => {
    expect(mayOpen('participant', '/plans')).toBe(false);
    expect(mayOpen('participant', '/plans/team-performance')).toBe(false);
    expect(mayOpen('participant', '/payouts/runs/abc')).toBe(false);
    expect(mayOpen('participant', '/statements/abc')).toBe(true);
    expect(mayOpen('participant', '/backtests')).toBe(false);
    expect(mayOpen('service', '/plans')).toBe(false);
    expect(mayOpen('service', '/backtests')).toBe(false);
    expect(mayOpen('admin', '/me')).toBe(false);
    expect(mayOpen('analyst', '/imports')).toBe(false);
    expect(mayOpen('admin', '/imports')).toBe(true);
  });
});
