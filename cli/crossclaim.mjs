#!/usr/bin/env node
// Entry point of the `crossclaim` command. The code is TypeScript run through tsx, so a
// fresh clone needs no build step: `npm ci` and then `npx crossclaim --help`.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
