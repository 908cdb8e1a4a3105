#!/usr/bin/env node
// Entry point for `npx textlens`: runs the TypeScript CLI through tsx's loader so a clean
// checkout needs no build step (`npm install` is enough).
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli/main.ts');
