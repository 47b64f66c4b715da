import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  Hover,
  LspPosition,
  LspRange,
  PayoutCurve,
  PayoutRange,
} from '@attain/rules';
import type { CheckReply, CheckRequest } from './check-protocol';
import type { ExampleOutcome } from './examples';

export interface CheckOutcome {
  diagnostics: Diagnostic[];
  /** The quick fixes of each diagnostic, by the diagnostic's index. */
  fixes: CodeAction[][];
  valid: boolean;
  payoutRange: PayoutRange | null;
  /** The plan's checked examples, each passed, failed or not run. */
  examples: ExampleOutcome[];
  /** Each component's payout curve, table or rates, to plot. */
  curves: PayoutCurve[];
}

export interface FormatOutcome {
  text: string;
  formatted: boolean;
  diagnostics: Diagnostic[];
}

/** A language service's answer about one version of the editor's document. */
export interface Versioned<T> {
  /** The document version the request named: an answer for an older one is stale. */
  version: number;
  value: T;
}

type Pending = { resolve: (reply: CheckReply) => void };

/** The rules package in a worker, one request at a time per id; a page makes one and ends it. */
export class PlanChecker {
  private readonly worker = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module' });
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<CheckReply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
  }

  /** Diagnostics of the text, exactly as the server's checkPlan gives them. */
  async check(text: string): Promise<CheckOutcome> {
    const reply = await this.send({ id: this.nextId++, kind: 'check', text });
    if (reply.kind !== 'check') throw new Error('the checker answered a check with a format');
    return reply;
  }

  /** The text in the canonical layout, or unchanged with the syntax errors that prevent it. */
  async format(text: string): Promise<FormatOutcome> {
    const reply = await this.send({ id: this.nextId++, kind: 'format', text });
    if (reply.kind !== 'format') throw new Error('the checker answered a format with a check');
    return reply;
  }

  /** The completions at a position of one version of the text, best first. */
  async complete(version: number, text: string, position: LspPosition): Promise<Versioned<CompletionItem[]>> {
    const reply = await this.send({ id: this.nextId++, kind: 'complete', version, text, position });
    if (reply.kind !== 'complete') throw new Error(`the checker answered a completion with a ${reply.kind}`);
    return { version: reply.version, value: reply.items };
  }

  /** What the thing at a position means (markdown), or null where there is nothing to explain. */
  async hover(version: number, text: string, position: LspPosition): Promise<Versioned<Hover | null>> {
    const reply = await this.send({ id: this.nextId++, kind: 'hover', version, text, position });
    if (reply.kind !== 'hover') throw new Error(`the checker answered a hover with a ${reply.kind}`);
    return { version: reply.version, value: reply.hover };
  }

  /** The quick fixes and refactorings that apply in a range. */
  async codeActions(version: number, text: string, range: LspRange): Promise<Versioned<CodeAction[]>> {
    const reply = await this.send({ id: this.nextId++, kind: 'codeActions', version, text, range });
    if (reply.kind !== 'codeActions')
      throw new Error(`the checker answered code actions with a ${reply.kind}`);
    return { version: reply.version, value: reply.actions };
  }

  dispose(): void {
    this.worker.terminate();
    this.pending.clear();
  }

  private send(message: CheckRequest): Promise<CheckReply> {
    return new Promise((resolve) => {
      this.pending.set(message.id, { resolve });
      this.worker.postMessage(message);
    });
  }
}
