export { main, type Output, usage } from './main.js';
export { type FileDiagnostics, jsonReport, sarifReport, textReport } from './report.js';
