/**
 * JSON Schema validation of reports and error reports (Ajv, draft 2020-12). The schemas in this
 * folder are the public contract; every report a test produces goes through these checks.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import errorReportSchema from './error-report.schema.json' with { type: 'json' };
import reportSchema from './report.schema.json' with { type: 'json' };
import reportParagraphSchema from './report-paragraph.schema.json' with { type: 'json' };

/** A report that does not match its schema; `problems` lists every violation. */
export class SchemaValidationError extends Error {
  readonly problems: string[];

  constructor(what: string, errors: ErrorObject[]) {
    const problems = errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    super(`${what} does not match its schema: ${problems.join('; ')}`);
    this.name = 'SchemaValidationError';
    this.problems = problems;
  }
}

let compiled:
  | { report: ValidateFunction; paragraph: ValidateFunction; errorReport: ValidateFunction }
  | undefined;

function validators() {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    compiled = {
      report: ajv.compile(reportSchema),
      paragraph: ajv.compile(reportParagraphSchema),
      errorReport: ajv.compile(errorReportSchema),
    };
  }
  return compiled;
}

/** Throws SchemaValidationError unless `value` is a valid report. */
export function validateReport(value: unknown): void {
  const validate = validators().report;
  if (!validate(value)) throw new SchemaValidationError('report', validate.errors ?? []);
}

/** Throws SchemaValidationError unless `value` is a valid line of a report's paragraphs file. */
export function validateReportParagraph(value: unknown): void {
  const validate = validators().paragraph;
  if (!validate(value)) throw new SchemaValidationError('report paragraph', validate.errors ?? []);
}

/** Throws SchemaValidationError unless `value` is a valid error report. */
export function validateErrorReport(value: unknown): void {
  const validate = validators().errorReport;
  if (!validate(value)) throw new SchemaValidationError('error report', validate.errors ?? []);
}
