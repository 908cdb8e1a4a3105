/**
 * Analyzer identity written into every report. Kept in code (not read from package.json at run
 * time) because the core must not touch the file system; a test checks it matches package.json.
 */
export const ANALYZER_NAME = 'textlens';
export const ANALYZER_VERSION = '0.6.0';
