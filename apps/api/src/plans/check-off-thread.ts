import { Worker } from 'node:worker_threads';
import type { Diagnostic, PayoutRange, PlanRequirements } from '@attain/rules';

/**
 * Longest the checker may work on one text. Real plans check in milliseconds; hostile text that
 * passes the length and nesting limits can still keep the checker busy for seconds, and it does
 * so in the worker, never on the API's event loop.
 */
export const PLAN_CHECK_BUDGET_MS = 5_000;

/** The budget in force: ATTAIN_PLAN_CHECK_BUDGET_MS when set (tests shorten it), else the default. */
export function planCheckBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.ATTAIN_PLAN_CHECK_BUDGET_MS ?? PLAN_CHECK_BUDGET_MS);
  return Number.isFinite(value) && value > 0 ? value : PLAN_CHECK_BUDGET_MS;
}

/** The parts of a check that cross threads: a compiled plan holds functions, this only data. */
export interface PlanCheckSummary {
  diagnostics: Diagnostic[];
  payoutRange: PayoutRange | null;
  /** null when the text has errors. */
  plan: {
    name: string;
    period: string;
    currency: string;
    requirements: Pick<PlanRequirements, 'aggregates' | 'goals' | 'populations'>;
  } | null;
}

interface Task {
  id: number;
  text: string;
  resolve(summary: PlanCheckSummary): void;
}

const WORKER_URL = new URL('./plan-check-worker.mjs', import.meta.url);

/**
 * One worker, and a queue: the machine the API runs on has few cores, and the event loop keeps
 * one. A task over budget terminates the worker (the only way to stop a busy thread); the next
 * task starts a fresh one.
 */
class PlanCheckPool {
  private worker: Worker | null = null;
  private ready = false;
  private queue: Task[] = [];
  private running: { task: Task; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  check(text: string): Promise<PlanCheckSummary> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, text, resolve });
      this.pump();
    });
  }

  private start(): Worker {
    // The worker is TypeScript, as the rest of the API: its entry registers tsx and loads it.
    const worker = new Worker(WORKER_URL);
    // A pool idle between requests must not keep a CLI or a test process alive.
    worker.unref();
    worker.on('message', (message: { ready?: true; id?: number; summary?: PlanCheckSummary }) => {
      if (message.ready) {
        this.ready = true;
      } else if (this.running && message.id === this.running.task.id && message.summary) {
        clearTimeout(this.running.timer);
        this.running.task.resolve(message.summary);
        this.running = null;
      }
      this.pump();
    });
    worker.on('error', () =>
      this.fail('The plan checker stopped unexpectedly on this text. Please report it.'),
    );
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.worker = null;
        this.ready = false;
        this.fail('The plan checker stopped unexpectedly on this text. Please report it.');
      }
    });
    return worker;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    this.worker ??= this.start();
    if (!this.ready) return;
    const task = this.queue.shift() as Task;
    const budget = planCheckBudgetMs();
    const timer = setTimeout(() => this.timeOut(budget), budget);
    this.running = { task, timer };
    this.worker.postMessage({ id: task.id, text: task.text });
  }

  private timeOut(budget: number): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    this.fail(
      `Checking this text took longer than ${budget / 1000} seconds, so the checker gave up. Real plans check in milliseconds: split the text into smaller plans or simpler measures.`,
      'PLAN_TOO_COMPLEX',
    );
    void worker?.terminate();
    // Start the next worker now rather than on the next request, which would wait for it.
    this.worker = this.start();
  }

  /** Answers the running task with one error diagnostic, and goes on with the queue. */
  private fail(message: string, code: Diagnostic['code'] = 'INTERNAL_ERROR'): void {
    const running = this.running;
    this.running = null;
    if (running) {
      clearTimeout(running.timer);
      running.task.resolve({
        diagnostics: [
          {
            severity: 'error',
            code,
            message,
            range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
          },
        ],
        payoutRange: null,
        plan: null,
      });
    }
    this.pump();
  }
}

const pool = new PlanCheckPool();

/**
 * Checks plan text in a worker thread within PLAN_CHECK_BUDGET_MS: no text within the length
 * limit can hold the event loop. For diagnostics and what the plan needs; code that needs the
 * compiled plan calls `checkPlan` afterwards, on text this has accepted.
 */
export function checkPlanOffThread(text: string): Promise<PlanCheckSummary> {
  return pool.check(text);
}
