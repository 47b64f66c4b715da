/** Free-form scalar attributes a client attaches to a record (validated on import: no `$` or `.` in names). */
export type Attributes = Record<string, string | number | boolean>;
