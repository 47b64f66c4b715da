/**
 * Append-only columns for the builder. Values are collected in plain arrays (V8 keeps numbers
 * unboxed in them) and copied into typed arrays once: growing many large typed arrays step by
 * step allocates external memory, which makes V8 run full collections over every live fact.
 */

type TypedArray = Int32Array | Float64Array | Int8Array;
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T;

/** A column that grows as values are pushed, typed once at the end. */
export class Growable<T extends TypedArray> {
  private readonly values: number[] = [];

  constructor(
    private readonly create: TypedArrayConstructor<T>,
    private readonly fill: number,
  ) {}

  get length(): number {
    return this.values.length;
  }

  push(value: number): void {
    this.values.push(value);
  }

  /** Sets a value at an index; skipped indexes take the fill value. */
  set(index: number, value: number): void {
    while (this.values.length < index) this.values.push(this.fill);
    this.values[index] = value;
  }

  /** A typed copy of exactly `length` values (missing tail values take the fill value). */
  toArray(length = this.values.length): T {
    const out = new this.create(length);
    const n = Math.min(length, this.values.length);
    for (let i = 0; i < n; i++) out[i] = this.values[i] as number;
    if (n < length && this.fill !== 0) out.fill(this.fill, n);
    return out;
  }
}

/** Strings to dense integer codes, in order of first appearance. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  encode(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}
