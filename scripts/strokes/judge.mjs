#!/usr/bin/env node
/**
 * The pretrain guard's decision on saved models, without writing anything:
 * would each --model replace --against (default: the shipped model)?
 * Measures each model in Node (tfjs CPU: about 3.4 min a model on one core).
 *
 *   node scripts/strokes/judge.mjs --model .cache/pretrain-snapshots/final [--model DIR ...] [--against DIR]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeDecision, guardDecision } from './guard.mjs';
import { root } from './lib.mjs';
import { figuresOf, guardSets } from './ship.mjs';

const { values: args } = parseArgs({ options: { model: { type: 'string', multiple: true }, against: { type: 'string', default: 'public/models/default' } } });
if (!args.model?.length) {
  console.error('usage: node scripts/strokes/judge.mjs --model DIR [--model DIR ...] [--against DIR]');
  process.exit(64);
}
const sets = await guardSets();
const against = await figuresOf(resolve(root, args.against), sets);
if (!against) console.log(`${args.against}: no model there, so any model would be written`);
for (const dir of args.model) {
  const figures = await figuresOf(resolve(root, dir), sets);
  if (!figures) throw new Error(`no model at ${dir} (model.json missing)`);
  console.log(`${dir}: ${describeDecision(guardDecision(against, figures), args.against)}`);
}
