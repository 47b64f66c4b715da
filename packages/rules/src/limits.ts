/** Plans longer than this are refused with PLAN_TOO_LONG before lexing: a real plan is a few pages. */
export const MAX_PLAN_TEXT_LENGTH = 200_000;
